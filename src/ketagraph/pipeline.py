"""load → link → graph in one call: what every command needs before it can do its own job."""

from __future__ import annotations

from pathlib import Path

from .graph import Built, build_graph
from .link import link
from .load import data_files, load

__all__ = ["read_data"]


def read_data(data: Path | None = None, *, files: list[Path] | None = None) -> Built:
    """The graph of a data folder (default ``data/``) or of the given YAML files.

    Raises :class:`~ketagraph.errors.InputError` (exit 2) for unreadable or malformed YAML and
    :class:`~ketagraph.errors.ReferenceProblemError` (exit 1) for data that does not link.
    """
    paths = files if files is not None else data_files(data or Path("data"))
    return build_graph(link(load(paths)))
