"""The folders that ``build`` and ``publish`` write: which one may be replaced, and replacing it atomically.

A release or a site replaces ``--out`` as a whole, so before anything is read the folder is
checked: it must be absent, empty, or something ketagraph wrote itself, recognised by the
manifest it carries (a release's ``void.ttl`` lists every file with its sha256; a site carries
``SHA256SUMS.txt``) with every file still as written. A folder that is, holds or lies inside
the data folder, the working folder or the home folder is never replaced; ``--force`` replaces
any other folder, and the caller says what it deletes.

Writing goes through a staging folder beside ``out`` and two renames; whatever happens (an
error, Ctrl-C), the staging folder is removed and the previous ``out`` stays. A folder left by
a process that was killed between the two renames is put back by the next run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from ..errors import InputError

__all__ = [
    "SITE_MANIFEST",
    "check_out",
    "commit",
    "discard",
    "release_manifest",
    "site_manifest",
    "site_manifest_file",
    "stage",
    "write_atomic",
    "write_file_atomic",
]

# The file every published site carries: `sha256  path` per file, as `sha256sum -c` reads it.
SITE_MANIFEST = "SHA256SUMS.txt"
_SITE_MANIFEST_HEAD = "# ketagraph site: the sha256 of every file (check with: sha256sum -c SHA256SUMS.txt)\n"

# A manifest: every file a command wrote into a folder, by relative POSIX path, with its sha256
# (None: the manifest itself, whose own checksum it cannot hold).
Manifest = dict[str, str | None]


def release_manifest(folder: Path) -> Manifest | None:
    """The files a release says it holds (its ``void.ttl``), or None if ``folder`` is not a release."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import DCAT

    from .void import DIST_BASE

    spdx = Namespace("http://spdx.org/rdf/terms#")
    void = folder / "void.ttl"
    if not void.is_file():
        return None
    try:
        g = Graph().parse(void, format="turtle")
    except Exception:  # rdflib raises many types; a void.ttl that does not parse is not ours
        return None
    files: Manifest = {"void.ttl": None}
    for dist, url in g.subject_objects(DCAT.downloadURL):
        name = str(url).removeprefix(DIST_BASE)
        checksum = g.value(g.value(dist, spdx.checksum), spdx.checksumValue)
        if name != str(url) and "/" not in name and checksum is not None:
            files[name] = str(checksum)
    return files if len(files) > 1 else None


def site_manifest(folder: Path) -> Manifest | None:
    """The files a published site says it holds (its ``SHA256SUMS.txt``), or None if it is not a site."""
    path = folder / SITE_MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith(_SITE_MANIFEST_HEAD):
        return None
    files: Manifest = {SITE_MANIFEST: None}
    for line in text.splitlines()[1:]:
        digest, sep, name = line.partition("  ")
        if sep and len(digest) == 64:
            files[name] = digest
    return files


def site_manifest_file(files: dict[str, bytes]) -> bytes:
    """The ``SHA256SUMS.txt`` of a site made of ``files``, sorted by path."""
    lines = [f"{hashlib.sha256(content).hexdigest()}  {name}\n" for name, content in sorted(files.items())]
    return (_SITE_MANIFEST_HEAD + "".join(lines)).encode()


def check_out(
    out: Path,
    *,
    data: Path | None,
    manifest: Callable[[Path], Manifest | None],
    what: str,
    force: bool = False,
) -> list[str]:
    """Refuse (exit 2) an ``out`` whose replacement would delete anything that is not ``what``.

    Returns the files that are not ``what``'s own and that replacing ``out`` deletes: always
    empty unless ``force`` is given. Also puts back a previous ``out`` that a killed run left
    between its two renames.
    """
    _recover(out)
    _refuse_protected(out, data, what)
    if not out.exists() and not out.is_symlink():
        return []
    if out.is_symlink() or not out.is_dir():
        raise InputError.one(f"--out '{out}' exists and is not a folder; choose a new or empty folder")
    foreign = _foreign_files(out, manifest(out))
    if foreign and not force:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise InputError.one(
            f"--out '{out}' holds {len(foreign)} file(s) that are not part of a {what} written by ketagraph "
            f"({shown}); the {what} replaces --out as a whole, so they would be deleted. Choose a new or "
            f"empty folder, move those files away, or pass --force to replace '{out}' and delete them"
        )
    return foreign


def _refuse_protected(out: Path, data: Path | None, what: str) -> None:
    target = out.resolve()
    protected = [(Path.cwd().resolve(), "the current folder"), (Path.home().resolve(), "your home folder")]
    if data is not None:
        protected.insert(0, (data.resolve(), f"the data folder '{data}'"))
    for place, name in protected:
        if target == place or target in place.parents:
            relation = "is" if target == place else "contains"
            raise InputError.one(
                f"--out '{out}' {relation} {name}; the {what} replaces --out as a whole, so this would delete "
                f"it. Choose a folder of its own, such as --out {'dist' if what == 'release' else 'site'}"
            )
    if data is not None and data.resolve() in target.parents:
        raise InputError.one(
            f"--out '{out}' is inside the data folder '{data}'; keep the {what} out of the data. "
            f"Choose a folder beside it, such as --out {'dist' if what == 'release' else 'site'}"
        )


def _foreign_files(out: Path, owned: Manifest | None) -> list[str]:
    """Files under ``out`` that its manifest does not list, or that changed since they were written."""
    foreign = []
    for path in sorted(out.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        name = path.relative_to(out).as_posix()
        if owned is None or name not in owned or path.is_symlink():
            foreign.append(name)
            continue
        digest = owned[name]
        if digest is not None and _sha256(path) != digest:
            foreign.append(f"{name} (changed since it was written)")
    return foreign


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


# -- writing a folder atomically ----------------------------------------------------------------


def write_atomic(out: Path, files: dict[str, bytes], *, what: str = "output") -> None:
    """Write ``files`` into ``out`` all at once: a sibling staging folder, then two renames.

    Names are relative POSIX paths and may have sub-folders (the published site does); a name
    that would escape ``out`` is refused. On failure the previous ``out`` is left as it was.
    """
    commit(out, stage(out, files, what=what), what=what)


def stage(out: Path, files: dict[str, bytes], *, what: str = "output", owner: int | None = None) -> Path:
    """Write ``files`` into a new staging sibling of ``out``, for :func:`commit` or :func:`discard`.

    The folder's name carries the ``owner`` process (default: this one), which commits it: a
    later run removes it only once that process is gone.
    """
    for name in files:
        p = PurePosixPath(name)
        if p.is_absolute() or ".." in p.parts or not p.parts:
            raise ValueError(f"unsafe path among the files to write: {name!r}")
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-staging-{owner or os.getpid()}-", dir=parent))
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
    except BaseException:
        discard(tmp)
        raise
    return tmp


def commit(out: Path, tmp: Path, *, what: str = "output") -> None:
    """Put the staged folder ``tmp`` in the place of ``out`` (two renames); on any failure keep the old ``out``."""
    old = _previous(out, os.getpid())
    try:
        if out.exists() or out.is_symlink():
            if out.is_symlink() or not out.is_dir():
                raise InputError.one(f"'{out}' exists and is not a folder; choose another --out")
            out.rename(old)
        tmp.rename(out)
    except OSError as err:
        _put_back(old, out)
        raise InputError.one(f"cannot write to '{out}': {err.strerror}; the previous {what} is unchanged") from None
    except BaseException:
        _put_back(old, out)
        raise
    finally:
        discard(tmp)
        discard(old)


def _previous(out: Path, pid: int) -> Path:
    return out.resolve().parent / f".{out.name}-previous-{pid}"


def _put_back(old: Path, out: Path) -> None:
    if old.exists() and not out.exists():
        old.rename(out)


def _recover(out: Path) -> None:
    """Undo what a killed run of this command left beside ``out``: the previous folder it had moved
    aside (put back when ``out`` is missing) and its staging folders. A live process's are left alone."""
    parent = out.resolve().parent
    if not parent.is_dir():
        return
    for sibling in sorted(parent.glob(f".{out.name}-*")):
        kind, _, rest = sibling.name.removeprefix(f".{out.name}-").partition("-")
        pid = rest.split("-", 1)[0]
        if kind not in ("previous", "staging") or not pid.isdigit() or _alive(int(pid)):
            continue
        if kind == "previous" and not out.exists():
            sibling.rename(out)
        else:
            discard(sibling)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def discard(tmp: Path) -> None:
    shutil.rmtree(tmp, ignore_errors=True)


def write_file_atomic(path: Path, content: bytes) -> None:
    """Write one file through a temporary sibling and a rename: readers never see half a file."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as err:
        raise InputError.one(f"cannot write '{path}': {err.strerror}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
