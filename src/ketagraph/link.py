"""Stage 2, link: check that the records hold together before a graph is made of them.

Ids are unique across all files (they become IRIs), every reference names an item of a kind
the key accepts, every external identifier is in the register with its source, and there is
one ``dataset``. Problems exit 1 (design.md §4): the YAML is readable, the data is not
coherent. Each problem names the file and line of the offending value.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from .errors import Location, Problem, ReferenceProblemError
from .load import Record, Value
from .model import KINDS, NODE_KINDS, author_slug, issue_slug, quantity_slug, voice_graph_slug, volume_slug

__all__ = ["Model", "check", "index", "link", "reference_error"]


@dataclass(frozen=True, slots=True)
class Model:
    """Linked records: every reference resolves, every identifier is registered."""

    records: tuple[Record, ...]
    by_id: dict[str, Record]
    register: dict[str, Record]  # CURIE -> register entry
    dataset: Record

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]


def link(records: list[Record]) -> Model:
    """Resolve ids and identifiers; raise :class:`ReferenceProblemError` listing every problem."""
    by_id, register, datasets, problems = index(records)
    problems.extend(check(records, by_id, register))
    if problems:
        raise reference_error(problems)
    return Model(tuple(records), by_id, register, datasets[0])


def index(records: list[Record]) -> tuple[dict[str, Record], dict[str, Record], list[Record], list[Problem]]:
    """The ids and the register, first definition first, and the problems of the whole set: ids or
    CURIEs defined twice, a missing or second ``dataset``. Only ``kind``, ``loc``, ``id`` and
    ``curie`` of each record are read, so a stand-in with just those (:mod:`.partition`) will do."""
    problems: list[Problem] = []
    by_id: dict[str, Record] = {}
    register: dict[str, Record] = {}
    for rec in records:
        kind = KINDS[rec.kind]
        if not kind.node:
            curie = rec.fields["curie"]
            if curie.value in register:
                first = register[curie.value].loc
                problems.append(Problem(f"'{curie.value}' is registered twice (first at {first}); keep one", curie.loc))
            else:
                register[curie.value] = rec
            continue
        ident: Value = rec.fields["id"]
        if ident.value in by_id:
            first = by_id[ident.value].fields["id"].loc
            problems.append(
                Problem(
                    f"duplicate id '{ident.value}' (first defined at {first}); ids must be unique across all files",
                    ident.loc,
                )
            )
        else:
            by_id[ident.value] = rec

    datasets = [r for r in records if r.kind == "dataset"]
    if len(datasets) != 1:
        where = datasets[1].loc if len(datasets) > 1 else None
        problems.append(
            Problem("the data needs exactly one 'dataset:' mapping (title, version, licence of the release)", where)
        )
    return by_id, register, datasets, problems


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
    for key in ("source", "asserted_by"):
        if key in f and rec.kind in ("claims", "risk_of_bias", "attributions", "inclusions"):
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
