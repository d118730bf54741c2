"""``ketagraph build``: the release gate. Read, validate, then write every export atomically.

Everything is written into a temporary folder beside ``out``; only when the whole build and
validation succeed is it moved into place. A failed build leaves the previous ``out``
untouched, and the same data always gives byte-identical files (design.md §3).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..checking.shacl import Report, validate
from ..parallel import beside
from ..progress import QUIET, Progress
from ..reading.graph import Built
from ..reading.pipeline import read_data
from ..resources import ontology_path, shape_files
from .export import FORMATS
from .export.jsonld import context_document
from .export.rdf import serialize as serialize_rdf
from .outputs import check_out, commit, discard, release_manifest, stage
from .void import void_graph

__all__ = ["EXPORT_NAME", "BuildResult", "build", "check_release_out", "release_files"]

EXPORT_NAME = "ketagraph"


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: the report, and (when the data passes) the files written with their sizes."""

    report: Report
    built: Built
    out: Path
    files: dict[str, int]  # file name -> bytes written; empty when nothing was written
    replaced: list[str] = field(default_factory=list)  # files not of a release that --force deleted

    @property
    def passes(self) -> bool:
        return self.report.passes


def build(
    *,
    data: Path | str = Path("data"),
    out: Path | str = Path("dist"),
    progress: Progress | None = None,
    engine: str = "turbo",
    force: bool = False,
) -> BuildResult:
    """Build the release from ``data`` into ``out``; write nothing unless the data passes (no violations).

    Validation and the exports are independent, so on a large graph the exports are written
    (into a staging folder) by a forked child while this process validates: both cores work.
    The staging folder replaces ``out`` only if the data passes. ``out`` must be absent, empty
    or a previous release (:func:`check_release_out`); ``force`` replaces any other folder but
    the data, working and home folders, and the result lists what it deleted.
    """
    data, out = Path(data), Path(out)
    step = progress or QUIET
    replaced = check_release_out(out, data=data, force=force)
    built = read_data(data, progress=step)
    parallel = len(built) >= PARALLEL_FROM
    step(
        f"validating {len(built):,} triples against the SHACL shapes" + (" and writing the exports" if parallel else "")
    )
    if not parallel:
        report = validate(built, locations=built.locations, engine=engine)
        if not report.passes:
            return BuildResult(report, built, out, {})
        step("writing the exports")
        tmp, sizes = _stage_release(built, out)
    else:
        owner = os.getpid()  # the staging folder is named for this process, not the forked child
        staged = beside(lambda: _stage_release(built, out, owner))
        try:
            report = validate(built, locations=built.locations, engine=engine)
        except BaseException:
            with contextlib.suppress(Exception):
                discard(staged()[0])  # wait for the child, and drop what it wrote
            raise
        tmp, sizes = staged()
        if not report.passes:
            discard(tmp)
            return BuildResult(report, built, out, {})
    commit(out, tmp, what="release")
    return BuildResult(report, built, out, sizes, replaced)


def check_release_out(out: Path, *, data: Path | None, force: bool = False) -> list[str]:
    """Whether a release may replace ``out`` (:func:`ketagraph.release.outputs.check_out`); what it would delete."""
    return check_out(out, data=data, manifest=release_manifest, what="release", force=force)


# From this size on, a build exports in a forked child beside validation (smaller graphs take
# less time than the fork costs). Tests lower it to cover both paths.
PARALLEL_FROM = 20_000


def _stage_release(built: Built, out: Path, owner: int | None = None) -> tuple[Path, dict[str, int]]:
    files = release_files(built)
    return stage(out, files, what="release", owner=owner), {name: len(content) for name, content in files.items()}


def release_files(built: Built) -> dict[str, bytes]:
    """Every file of a release, by name; ``void.ttl`` describes (and checksums) all the others."""
    media: dict[str, tuple[str, bytes]] = {}
    for fmt in FORMATS.values():
        media[EXPORT_NAME + fmt.extension] = (fmt.media_type, fmt.serialize(built))
    media["context.jsonld"] = ("application/ld+json", context_document())
    media["ontology.ttl"] = ("text/turtle", ontology_path().read_bytes())
    media["shapes.ttl"] = ("text/turtle", released_shapes())
    void = void_graph(built, media)
    files = {name: content for name, (_, content) in media.items()}
    files["void.ttl"] = serialize_rdf(void, "TURTLE")
    return files


def released_shapes() -> bytes:
    """Every shapes file, concatenated as written: valid Turtle (prefixes may repeat, property
    shapes are anonymous ``[ ]``), comments kept, and no blank-node labels to drift between builds."""
    parts = []
    for path in shape_files():
        parts.append(f"# ---- shapes/{path.name} ----\n".encode() + path.read_bytes().rstrip(b"\n") + b"\n\n")
    return b"".join(parts)
