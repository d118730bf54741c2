"""``ketagraph build``: the release gate. Read, validate, then write every export atomically.

Everything is written into a temporary folder beside ``out``; only when the whole build and
validation succeed is it moved into place. A failed build leaves the previous ``out``
untouched, and the same data always gives byte-identical files (design.md §3).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import InputError
from .export import FORMATS
from .export.jsonld import context_document
from .export.rdf import serialize as serialize_rdf
from .graph import Built
from .parallel import beside
from .pipeline import read_data
from .progress import QUIET, Progress
from .resources import ontology_path, shape_files
from .validate import Report, validate
from .void import describe

__all__ = [
    "EXPORT_NAME",
    "BuildResult",
    "build",
    "commit",
    "release_files",
    "stage",
    "write_atomic",
    "write_file_atomic",
]

EXPORT_NAME = "ketagraph"


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: the report, and (when it conforms) the files written with their sizes."""

    report: Report
    built: Built
    out: Path
    files: dict[str, int]  # file name -> bytes written; empty when nothing was written

    @property
    def conforms(self) -> bool:
        return self.report.conforms


def build(
    *,
    data: Path = Path("data"),
    out: Path = Path("dist"),
    progress: Progress | None = None,
    engine: str = "turbo",
) -> BuildResult:
    """Build the release from ``data`` into ``out``; write nothing unless the data conforms.

    Validation and the exports are independent, so on a large graph the exports are written
    (into a staging folder) by a forked child while this process validates: both cores work.
    The staging folder replaces ``out`` only if the data conforms.
    """
    step = progress or QUIET
    built = read_data(data, progress=step)
    parallel = len(built) >= PARALLEL_FROM
    step(
        f"validating {len(built):,} triples against the SHACL shapes" + (" and writing the exports" if parallel else "")
    )
    if not parallel:
        report = validate(built, locations=built.locations, engine=engine)
        if not report.conforms:
            return BuildResult(report, built, out, {})
        step("writing the exports")
        tmp, sizes = _stage_release(built, out)
    else:
        staged = beside(lambda: _stage_release(built, out))
        try:
            report = validate(built, locations=built.locations, engine=engine)
        except BaseException:
            with contextlib.suppress(Exception):
                discard(staged()[0])  # wait for the child, and drop what it wrote
            raise
        tmp, sizes = staged()
        if not report.conforms:
            discard(tmp)
            return BuildResult(report, built, out, {})
    commit(out, tmp)
    return BuildResult(report, built, out, sizes)


# From this size on, a build exports in a forked child beside validation (smaller graphs take
# less time than the fork costs). Tests lower it to cover both paths.
PARALLEL_FROM = 20_000


def _stage_release(built: Built, out: Path) -> tuple[Path, dict[str, int]]:
    files = release_files(built)
    return stage(out, files), {name: len(content) for name, content in files.items()}


def release_files(built: Built) -> dict[str, bytes]:
    """Every file of a release, by name; ``void.ttl`` describes (and checksums) all the others."""
    media: dict[str, tuple[str, bytes]] = {}
    for fmt in FORMATS.values():
        media[EXPORT_NAME + fmt.extension] = (fmt.media_type, fmt.serialize(built))
    media["context.jsonld"] = ("application/ld+json", context_document())
    media["ontology.ttl"] = ("text/turtle", ontology_path().read_bytes())
    media["shapes.ttl"] = ("text/turtle", released_shapes())
    void = describe(built, media)
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


def write_atomic(out: Path, files: dict[str, bytes], *, what: str = "output") -> None:
    """Write ``files`` into ``out`` all at once: a sibling temp folder, then two renames.

    Names are relative POSIX paths and may have sub-folders (the published site does); a name
    that would escape ``out`` is refused. On failure the previous ``out`` is left as it was.
    """
    commit(out, stage(out, files, what=what), what=what)


def stage(out: Path, files: dict[str, bytes], *, what: str = "output") -> Path:
    """Write ``files`` into a new temporary sibling of ``out``, for :func:`commit` or :func:`discard`."""
    for name in files:
        p = PurePosixPath(name)
        if p.is_absolute() or ".." in p.parts or not p.parts:
            raise ValueError(f"unsafe path among the files to write: {name!r}")
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=parent))
        tmp.chmod(0o755)  # mkdtemp's 0700 would otherwise become the release folder's mode
    except OSError as err:
        raise InputError.one(f"cannot write to '{out}': {err.strerror}; choose another --out") from None
    try:
        for name, content in files.items():
            target = tmp.joinpath(*PurePosixPath(name).parts)
            if target.parent != tmp:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.parent.chmod(0o755)
            target.write_bytes(content)
    except OSError as err:
        discard(tmp)
        raise InputError.one(f"cannot write to '{out}': {err.strerror}; the previous {what} is unchanged") from None
    return tmp


def commit(out: Path, tmp: Path, *, what: str = "output") -> None:
    """Put the staged folder ``tmp`` in the place of ``out`` (two renames); on failure keep the old ``out``."""
    old = out.resolve().parent / f".{out.name}-previous-{os.getpid()}"
    try:
        if out.exists():
            if not out.is_dir():
                raise InputError.one(f"'{out}' exists and is not a folder; choose another --out")
            out.rename(old)
        tmp.rename(out)
    except OSError as err:
        if old.exists() and not out.exists():
            old.rename(out)
        raise InputError.one(f"cannot write to '{out}': {err.strerror}; the previous {what} is unchanged") from None
    finally:
        discard(tmp)
        discard(old)


def discard(tmp: Path) -> None:
    shutil.rmtree(tmp, ignore_errors=True)


def write_file_atomic(path: Path, content: bytes) -> None:
    """Write one file through a temporary sibling and a rename: readers never see half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as err:
        raise InputError.one(f"cannot write '{path}': {err.strerror}") from None
