"""Stage 2, link: check that the records hold together before a graph is made of them.

Ids are unique across all files (they become IRIs), every reference names an item of a kind
the key accepts, every external identifier is in the register with its source, and there is
one ``dataset``. Problems exit 1 (design.md §4): the YAML is readable, the data is not
coherent. Each problem names the file and line of the offending value; a file that repeats most
ids of another is reported once, as a copy, instead of once per id.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Location, Problem, ReferenceProblemError
from ..model import KINDS, NODE_KINDS, VOICE_KEYS, author_slug, issue_slug, quantity_slug, voice_graph_slug, volume_slug
from .records import Record, Value

__all__ = ["Linked", "check", "index", "link", "reference_error"]


@dataclass(frozen=True, slots=True)
class Linked:
    """Linked records: every reference resolves, every identifier is registered."""

    records: tuple[Record, ...]
    by_id: dict[str, Record]
    dataset: Record


def link(records: list[Record]) -> Linked:
    """Resolve ids and identifiers; raise :class:`ReferenceProblemError` listing every problem."""
    by_id, register, datasets, problems = index(records)
    problems.extend(check(records, by_id, register))
    if problems:
        raise reference_error(problems)
    return Linked(tuple(records), by_id, datasets[0])


def index(records: list[Record]) -> tuple[dict[str, Record], dict[str, Record], list[Record], list[Problem]]:
    """The ids and the register, first definition first, and the problems of the whole set: ids or
    CURIEs defined twice, a file that repeats another's, a missing or second ``dataset``. Only
    ``kind``, ``loc``, ``id`` and ``curie`` of each record are read, so a stand-in with just those
    (:mod:`.partition`) will do."""
    by_id: dict[str, Record] = {}
    register: dict[str, Record] = {}
    repeats: list[tuple[Value, Value]] = []  # (a later definition of an id or CURIE, the first)
    for rec in records:
        name = _key_name(rec)
        seen = by_id if name == "id" else register
        key: Value = rec.fields[name]
        first = seen.get(key.value)
        if first is None:
            seen[key.value] = rec
        else:
            repeats.append((key, first.fields[name]))

    problems, copied = _copies(records, repeats) if len(repeats) >= _COPY_AT_LEAST else ([], set())
    for again, earlier in repeats:
        if frozenset((again.loc.path, earlier.loc.path)) in copied:
            continue
        if again.value in register:
            message = f"'{again.value}' is registered twice (first at {earlier.loc}); keep one"
        else:
            message = (
                f"duplicate id '{again.value}' (first defined at {earlier.loc}); ids must be unique across all files"
            )
        problems.append(Problem(message, again.loc))

    datasets = [r for r in records if r.kind == "dataset"]
    if not datasets:
        problems.append(
            Problem("the data needs exactly one 'dataset:' mapping (title, version, licence of the release)")
        )
    for extra in datasets[1:]:
        if frozenset((extra.loc.path, datasets[0].loc.path)) not in copied:
            problems.append(
                Problem(
                    f"a second 'dataset:' mapping (the first is at {datasets[0].loc}); the data needs exactly one "
                    "(title, version, licence of the release): keep one",
                    extra.loc,
                )
            )
    return by_id, register, datasets, problems


def _key_name(rec: Record) -> str:
    """The field that names a record: ``id``, or ``curie`` for an entry of the identifier register."""
    return "id" if KINDS[rec.kind].node else "curie"


# Two files are a copy and its original when they share at least this many ids (and CURIEs), and
# those are at least four fifths of the ids of one of them.
_COPY_AT_LEAST = 3
_COPY_SHARE = 0.8
_COPY_WORDS = {"copy", "copie", "kopie", "backup", "bak", "old", "orig", "base", "local", "remote"}


def _copies(records: list[Record], repeats: list[tuple[Value, Value]]) -> tuple[list[Problem], set[frozenset[str]]]:
    """One problem per file that repeats most of the ids of another, instead of one per id; and
    the pairs of files (a copy and its original) whose repeated ids that problem covers."""
    keys: dict[str, set[str]] = {}  # the ids of each file that repeats an id or holds a repeated one
    for again, first in repeats:
        keys.setdefault(again.loc.path, set())
        keys.setdefault(first.loc.path, set())
    where: dict[str, list[str]] = {}  # the files among those that define each id
    for rec in records:
        key: Value = rec.fields[_key_name(rec)]
        ids = keys.get(key.loc.path)
        if ids is not None and key.value not in ids:
            ids.add(key.value)
            where.setdefault(key.value, []).append(key.loc.path)
    shared: dict[tuple[str, str], int] = {}
    for paths in where.values():
        for i, a in enumerate(paths):
            for b in paths[i + 1 :]:
                shared[a, b] = shared.get((a, b), 0) + 1

    problems: list[Problem] = []
    pairs: set[frozenset[str]] = set()
    blamed: set[str] = set()
    for (a, b), n in sorted(shared.items(), key=lambda item: -item[1]):
        if n < _COPY_AT_LEAST or n < _COPY_SHARE * min(len(keys[a]), len(keys[b])):
            continue
        pairs.add(frozenset((a, b)))
        copy, original, sure = _which_is_the_copy(a, b, n / len(keys[a]), n / len(keys[b]))
        if copy not in blamed:
            blamed.add(copy)
            problems.append(_copy_problem(copy, original, sure, n, keys))
    return problems, pairs


def _which_is_the_copy(a: str, b: str, share_a: float, share_b: float) -> tuple[str, str, bool]:
    """(copy, original, whether that is known) for two files that share most ids; ``b`` is read later.

    The copy is the file whose name extends the other's (``claims copy.yaml``), else the one whose
    name says so (``old``, ``backup``), else the one whose ids are more fully the other's.
    """
    stem_a, stem_b = Path(a).stem.lower(), Path(b).stem.lower()
    if stem_a != stem_b and stem_a in stem_b:
        return b, a, True
    if stem_a != stem_b and stem_b in stem_a:
        return a, b, True
    said_a, said_b = (not _COPY_WORDS.isdisjoint(re.split(r"[^a-z]+", stem)) for stem in (stem_a, stem_b))
    if said_a != said_b:
        return (a, b, True) if said_a else (b, a, True)
    if share_a != share_b:
        return (a, b, True) if share_a > share_b else (b, a, True)
    return b, a, False


def _copy_problem(copy: str, original: str, sure: bool, n: int, keys: dict[str, set[str]]) -> Problem:
    mine, theirs = keys[copy], keys[original]
    both = mine & theirs
    noun = "CURIEs" if all(":" in k for k in both) else "ids" if not any(":" in k for k in both) else "ids and CURIEs"
    folder = f"'{Path(copy).parent}'"
    if not sure:
        same = f"define the same {n} {noun}" if len(mine) == n else f"share {n} of their {len(mine)} {noun}"
        message = (
            f"{original} and this file {same}: one looks like a copy of the other; "
            f"keep one, and move the other out of {folder} or delete it"
        )
    elif len(mine) == n == len(theirs):
        message = f"this file repeats all {n} {noun} of {original}: it looks like a copy; move it out of {folder} or delete it"
    elif len(mine) == n:
        message = (
            f"all {n} {noun} of this file are also in {original} (which has {len(theirs)}): it looks like a copy of "
            f"part of it; move it out of {folder} or delete it"
        )
    else:
        others = sorted(mine - theirs)
        shown = ", ".join(f"'{k}'" for k in others[:3]) + (", …" if len(others) > 3 else "")
        message = (
            f"{n} of the {len(mine)} {noun} of this file are also in {original}: it looks like an old copy of it; "
            f"move what is still wanted of its others ({shown}) into {original}, then move this file out of "
            f"{folder} or delete it"
        )
    return Problem(message, Location(copy, 1, 1))


def check(records: list[Record], by_id: dict[str, Record], register: dict[str, Record]) -> list[Problem]:
    """The problems of ``records`` against the ids and register of the whole data: references to
    nothing or to the wrong kind, unregistered identifiers, ids that clash with minted IRIs."""
    problems: list[Problem] = []
    for rec in records:
        problems.extend(_check_requires(rec))
        kind = KINDS[rec.kind]
        for spec in kind.all_fields:
            raw = rec.fields.get(spec.key)
            if raw is None:
                continue
            if spec.type in ("ref", "authors"):
                for v in raw if isinstance(raw, list) else [raw]:
                    problems.extend(_check_ref(v, spec.key, spec.targets, by_id))
            elif spec.type == "curie" and kind.node:
                for v in raw if isinstance(raw, list) else [raw]:
                    problems.extend(_check_registered(v, register))
            elif spec.type == "identifiers":
                for values in raw.values():
                    for v in values:
                        problems.extend(_check_registered(v, register))
    problems.extend(_check_minted(records, by_id))
    return problems


def reference_error(problems: list[Problem]) -> ReferenceProblemError:
    """The error for linking ``problems``, listed in file and line order."""
    return ReferenceProblemError(sorted(problems, key=lambda p: p.loc or Location("", 0)))


# Keys that mean nothing without another key: the graph could not place their value.
_REQUIRES = {("documents", "volume"): "journal", ("documents", "issue"): "volume"}


def _check_requires(rec: Record) -> list[Problem]:
    return [
        Problem(f"'{key}' needs '{needed}' on the same item; add '{needed}:' or remove '{key}:'", rec.fields[key].loc)
        for (kind, key), needed in _REQUIRES.items()
        if rec.kind == kind and key in rec.fields and needed not in rec.fields
    ]


def _minted(rec: Record) -> list[tuple[str, Value]]:
    """The slugs the graph stage will mint for ``rec``, each with the value that causes it."""
    f = rec.fields
    out: list[tuple[str, Value]] = []
    for n, v in enumerate(f.get("authors", []), start=1):
        out.append((author_slug(rec.id, n), v))
    if "journal" in f and "volume" in f:
        out.append((volume_slug(f["journal"].value, f["volume"].value), f["volume"]))
        if "issue" in f:
            out.append((issue_slug(f["journal"].value, f["volume"].value, f["issue"].value), f["issue"]))
    for spec in KINDS[rec.kind].fields:
        if spec.type == "quantity" and spec.key in f:
            out.append((quantity_slug(rec.id, spec.key), next(iter(f[spec.key].values()))))
    key = VOICE_KEYS.get(rec.kind)
    if key is not None and key in f:
        out.append((voice_graph_slug(f[key].value), f[key]))
    return out


def _check_minted(records: list[Record], by_id: dict[str, Record]) -> list[Problem]:
    """A curated id must not be the IRI of a node the graph mints, or the two would merge."""
    problems = []
    for rec in records:
        for slug, cause in _minted(rec):
            clash = by_id.get(slug)
            if clash is not None:
                problems.append(
                    Problem(
                        f"id '{slug}' (at {clash.fields['id'].loc}) is also the IRI that this value mints; "
                        "rename that item",
                        cause.loc,
                    )
                )
    return problems


def _check_ref(v: Value, key: str, targets: tuple[str, ...], by_id: dict[str, Record]) -> list[Problem]:
    target = by_id.get(v.value)
    if target is None:
        close = difflib.get_close_matches(v.value, list(by_id), n=1, cutoff=0.7)
        hint = f"; did you mean '{close[0]}'?" if close else "; define it, or correct the id"
        return [Problem(f"'{key}' refers to '{v.value}', which is not defined in any data file{hint}", v.loc)]
    allowed = targets or NODE_KINDS
    if target.kind not in allowed:
        return [
            Problem(
                f"'{key}' refers to '{v.value}', a {target.kind} item (at {target.loc}); "
                f"'{key}' takes items of: {', '.join(allowed)}",
                v.loc,
            )
        ]
    return []


def _check_registered(v: Value, register: dict[str, Record]) -> list[Problem]:
    if v.value in register:
        return []
    return [
        Problem(
            f"identifier '{v.value}' is not in the identifier register; add it to 'identifier_register' "
            "with its label and the source where it was verified",
            v.loc,
        )
    ]
