"""Read, link and emit a large data folder in two processes, for ``ketagraph validate``.

Loading the YAML and emitting the graph are single-threaded Python, about a third of a validate
at a million triples. Handing records from one process to another costs as much as loading
them (pickling 100k triples' records took longer than reading the YAML), so each process does
all three stages for its own half of the files and hands over only what validation needs:
N-Triples bytes and the YAML location of each node.

Linking needs every id: the two processes swap stand-ins of their records (kind, location, id or
CURIE, label), and each indexes the whole set exactly as :func:`ketagraph.reading.link.link` does, then
checks its own records. Problems are merged in the order the serial path gives them, so a
curator sees the same messages either way (``tests/test_partition.py`` asserts it, and that the
statements are the serial graph's).

The validator needs no order, and a statement repeated in both halves (a journal volume named
by documents in both) is stored once, so the halves are neither merged nor sorted: a build,
whose exports must be sorted, reads serially.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import InputError, Location, Problem
from ..progress import QUIET, Progress
from .graph import Emitter, dataset_facts, describe_voices, emit_records
from .link import check, index, reference_error
from .pipeline import gc_paused
from .records import Record, Value, load

__all__ = ["SPLIT_FROM_BYTES", "Statements", "read_statements"]

# From this much YAML on (about 40k triples), the data is read in two processes.
SPLIT_FROM_BYTES = 1_000_000


@dataclass(frozen=True, slots=True)
class Statements:
    """The graph as N-Triples, for the validator, and where in the YAML each node came from.

    ``nt`` holds every statement at least once; ``written`` counts the lines (a statement that
    both halves make is written twice, and stored once by the validator).
    """

    nt: bytes
    locations: dict[URIRef, Location]
    written: int

    def __len__(self) -> int:
        return self.written


def read_statements(paths: list[Path], *, progress: Progress = QUIET, split: bool | None = None) -> Statements:
    """The statements of the YAML ``paths``, read in two processes when they are large enough.

    Raises what :func:`ketagraph.reading.pipeline.read_data` raises for the same data, with the same problems.
    """
    sizes = [p.stat().st_size for p in paths]
    if split is None:
        split = sum(sizes) >= SPLIT_FROM_BYTES and hasattr(os, "fork") and len(paths) > 1
    if not split or len(paths) < 2:
        return _serial(paths, progress)
    cut = _cut(sizes)
    with gc_paused():
        return _split(paths[:cut], paths[cut:], progress)


def _serial(paths: list[Path], progress: Progress) -> Statements:
    from .pipeline import read_data

    built = read_data(files=paths, progress=progress)
    return Statements(ox.serialize(built.triples, format=ox.RdfFormat.N_TRIPLES), built.locations, len(built))


def _cut(sizes: list[int]) -> int:
    """Where to cut the (sorted) files into two runs of about equal bytes; each run keeps a file."""
    half, total = sum(sizes) / 2, 0
    for i, size in enumerate(sizes):
        total += size
        if total >= half:
            return min(i + 1, len(sizes) - 1)
    return len(sizes) - 1


def _split(mine: list[Path], theirs: list[Path], progress: Progress) -> Statements:
    """This process reads the first run of files and a forked child the second."""
    progress(
        f"reading {len(mine) + len(theirs)} YAML file(s) in two processes ({len(mine)} in this one)", total=len(mine)
    )
    down_r, down_w = os.pipe()  # parent -> child
    up_r, up_w = os.pipe()  # child -> parent
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(down_w)
        os.close(up_r)
        _child(theirs, os.fdopen(down_r, "rb"), os.fdopen(up_w, "wb"))
    os.close(down_r)
    os.close(up_w)
    down, up = os.fdopen(down_w, "wb"), os.fdopen(up_r, "rb")
    try:
        return _parent(mine, down, up, progress)
    finally:
        for pipe in (down, up):
            with contextlib.suppress(OSError):
                pipe.close()
        os.waitpid(pid, 0)


def _parent(mine: list[Path], down: BinaryIO, up: BinaryIO, progress: Progress) -> Statements:
    records, load_problems = _load(mine, progress)
    try:
        _send(down, (bool(load_problems), _stand_ins(records)))
        down.close()
    except BrokenPipeError:  # the child is gone: what it sent says why
        _receive(up)
        raise RuntimeError("the second reading process ended early") from None
    their_problems, their_stand_ins = _receive(up)
    if load_problems or their_problems:
        raise InputError((load_problems + their_problems)[:_MAX_PROBLEMS])
    progress("linking and emitting the statements in two processes")
    by_id, register, datasets, problems = index([*records, *_records(their_stand_ins)])
    problems.extend(check(records, by_id, register))
    em = Emitter()
    voices = emit_records(em, records)
    nt, written = _ntriples(em)  # while the child finishes its half
    their = _receive(up)  # (problems, nt, locations, voices, facts)
    problems.extend(their[0])
    if problems:
        raise reference_error(problems)
    locations = em.locations
    for iri, where in their[2]:
        locations.setdefault(URIRef(iri), Location(*where))
    for voice, where in their[3].items():
        voices.setdefault(voice, Location(*where))
    # The voices' graphs are described after every record, as the serial graph stage does.
    facts = their[4] or dataset_facts(em, datasets[0].id)
    described = Emitter()
    describe_voices(described, by_id, facts, voices)
    for iri, where in described.locations.items():
        locations.setdefault(iri, where)
    voice_nt, voice_written = _ntriples(described)
    return Statements(nt + their[1] + voice_nt, locations, written + their[1].count(b"\n") + voice_written)


def _child(paths: list[Path], down: BinaryIO, up: BinaryIO) -> None:
    status = 0  # forked inside the parent's gc_paused(): collection is already off
    try:
        records, load_problems = _load(paths, QUIET)
        parent_failed, parent_stand_ins = _receive(down)
        _send(up, (load_problems, _stand_ins(records)))
        if not (parent_failed or load_problems):
            # The parent reports the whole set's problems; here only this half's are checked.
            by_id, register, datasets, _ = index([*_records(parent_stand_ins), *records])
            problems = check(records, by_id, register)
            em = Emitter()
            voices = emit_records(em, records)
            holds_dataset = any(r.kind == "dataset" for r in records) and len(datasets) == 1
            facts = dataset_facts(em, datasets[0].id) if holds_dataset else []
            nt, _ = _ntriples(em)
            where = [(str(iri), (loc.path, loc.line, loc.column)) for iri, loc in em.locations.items()]
            voices_at = {v: (loc.path, loc.line, loc.column) for v, loc in voices.items()}
            _send(up, (problems, nt, where, voices_at, facts))
    except BrokenPipeError:
        status = 1  # the parent gave up (a problem on its side); nothing to report
    except BaseException:
        status = 1
        with contextlib.suppress(BaseException):
            _send(up, ("crash", traceback.format_exc()))
    finally:
        os._exit(status)  # never run the parent's cleanup in the child


_MAX_PROBLEMS = 50


def _load(paths: list[Path], progress: Progress) -> tuple[list[Record], list[Problem]]:
    try:
        return load(paths, on_file=progress.advance), []
    except InputError as err:
        return [], list(err.problems)


def _stand_ins(records: list[Record]) -> list[tuple]:
    """What linking reads of each record, as plain tuples (cheap to pickle)."""
    out = []
    for r in records:
        f = r.fields
        key = "id" if "id" in f else "curie"
        v = f.get(key)
        label = f.get("label")
        out.append(
            (
                r.kind,
                (r.loc.path, r.loc.line, r.loc.column),
                key,
                None if v is None else (v.value, v.loc.path, v.loc.line, v.loc.column),
                None if label is None else label.value,
            )
        )
    return out


def _records(stand_ins: list[tuple]) -> list[Record]:
    out = []
    for kind, loc, key, value, label in stand_ins:
        fields: dict[str, Any] = {}
        if value is not None:
            where = Location(*value[1:])
            fields[key] = Value(value[0], where)
            if label is not None:
                fields["label"] = Value(label, where)
        out.append(Record(kind, Location(*loc), fields))
    return out


def _ntriples(em: Emitter) -> tuple[bytes, int]:
    """Every statement in ``em``, unsorted (the validator needs no order)."""
    triple = ox.Triple
    triples = [triple(s, p, o) for s, statements in em.subjects.items() for p, o in statements]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples)


def _send(pipe: BinaryIO, message: object) -> None:
    pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
    pipe.flush()


def _receive(pipe: BinaryIO) -> Any:
    try:
        message = pickle.load(pipe)
    except EOFError:
        raise RuntimeError("the second reading process ended without a result") from None
    if isinstance(message, tuple) and len(message) == 2 and message[0] == "crash":
        raise RuntimeError(f"the second reading process failed:\n{message[1]}")
    return message
