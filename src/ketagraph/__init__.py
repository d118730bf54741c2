"""ketagraph: a linked-data knowledge graph of the evidence on ketamine for migraine.

The pipeline, one module per stage: :mod:`~ketagraph.load` → :mod:`~ketagraph.link` →
:mod:`~ketagraph.graph` → :mod:`~ketagraph.validate` → :mod:`~ketagraph.export`, driven by
:func:`ketagraph.build`. Heavy libraries load on first use, so importing the package is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "build", "read_data", "serialize", "stats", "validate"]

_LAZY = {
    "build": ("ketagraph.build", "build"),
    "read_data": ("ketagraph.pipeline", "read_data"),
    "validate": ("ketagraph.validate", "validate"),
    "serialize": ("ketagraph.export", "serialize"),
    "stats": ("ketagraph.stats", "stats"),
}

if TYPE_CHECKING:
    from .build import build
    from .export import serialize
    from .pipeline import read_data
    from .stats import stats
    from .validate import validate


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'ketagraph' has no attribute {name!r}")
