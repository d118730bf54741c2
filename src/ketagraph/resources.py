"""Where the ontology, shapes and queries live, in a checkout and in an installed wheel.

The wheel carries them inside the package (``ketagraph/_resources/``, see pyproject.toml);
an editable install or a checkout reads them from the repository's top-level folders.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ontology_path", "queries_dir", "resource_dir", "shape_files", "shapes_dir"]

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent.parent


def resource_dir(name: str) -> Path:
    """The folder ``name`` (ontology, shapes, queries) in the wheel, else in the checkout."""
    for candidate in (_PACKAGE / "_resources" / name, _REPO / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ketagraph's '{name}' folder is missing from this installation")


def ontology_path() -> Path:
    return resource_dir("ontology") / "ketagraph.ttl"


def shapes_dir() -> Path:
    return resource_dir("shapes")


def shape_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.ttl"))


def queries_dir() -> Path:
    return resource_dir("queries")
