"""ketagraph: a linked-data knowledge graph of the evidence on ketamine for migraine.

Every command is a function here (:mod:`ketagraph.api`): ``ketagraph.build(...)``,
``validate``, ``export``, ``export_entity``, ``stats``, ``query``, ``load``, ``publish`` and
``snippet``. ARCHITECTURE.md walks the rooms of the package. Heavy libraries load on first
use, so importing the package is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .api import build, export, export_entity, load, publish, query, read_data, snippet, stats, validate

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "build",
    "export",
    "export_entity",
    "load",
    "publish",
    "query",
    "read_data",
    "serialize",
    "snippet",
    "stats",
    "validate",
]

if TYPE_CHECKING:
    from .release.export import serialize


def __getattr__(name: str) -> Any:
    if name == "serialize":
        from .release.export import serialize

        return serialize
    raise AttributeError(f"module 'ketagraph' has no attribute {name!r}")
