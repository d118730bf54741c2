"""load → link → graph in one call: what every command needs before it can do its own job."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..progress import QUIET, Progress
from .graph import Built, build_graph
from .link import link
from .records import data_files, load

__all__ = ["read_data"]


def read_data(data: Path | None = None, *, files: list[Path] | None = None, progress: Progress = QUIET) -> Built:
    """The graph of a data folder (default ``data/``) or of the given YAML files.

    Raises :class:`~ketagraph.errors.InputError` (exit 2) for unreadable or malformed YAML and
    :class:`~ketagraph.errors.ReferenceProblemError` (exit 1) for data that does not link.
    """
    paths = files if files is not None else data_files(data or Path("data"))
    with gc_paused():
        progress(f"reading {len(paths)} YAML file(s)", total=len(paths))
        records = load(paths, on_file=progress.advance)
        progress(f"linking {len(records):,} records and building the graph")
        return build_graph(link(records))


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the records and terms are made, and none over them after.

    These stages allocate millions of objects that stay alive and hold no cycles, so every
    collection only re-scans them: with it on, reading the YAML took 2.7 times as long (300k
    triples, benchmarks/README.md). Afterwards they are frozen (``gc.freeze``), so the
    collections of the later stages skip them. Reference counting still frees what is dropped.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
