"""The fast SHACL path: pyshacl-turbo, a Rust engine with pySHACL's API.

pySHACL stays the reference (``--engine pyshacl``); ``tests/test_engines.py`` asserts that this
path gives exactly its results on every shape fixture, the shipped data and planted corpora.

Two choices make it fast or correct, each measured (benchmarks/README.md):

- **The data as N-Triples text.** pyoxigraph writes the graph stage's terms as N-Triples in one
  call (1.2 s at 1M triples) and turbo parses that text natively. Its public input, a
  ``pyoxigraph.Store``, costs a store fill (5.8 s at 1M) and then turbo's N-Quads dump of the
  store. The text goes in as turbo's ``Input`` record; a turbo release without that record gets
  the Store, and the tests check both inputs give the same results.
- **The shapes as a pyoxigraph store.** Turbo compares literals as pyoxigraph spells them; with
  rdflib shapes beside store data it reports ``"x"`` and ``"x"^^xsd:string`` as different and
  floods the report with false violations.

Not done, because it did not pay: validating half of the shapes in each of two processes. Each
turbo call builds its own indexed copy of the whole graph (a third of a call's time at 1M), and
the two processes slow each other down: 16.0 s against 16.7 s at 1M, within the noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..errors import InputError, Location

__all__ = ["shapes_store", "validate_ntriples", "validate_triples"]

# The equivalence tests switch this off to check that the public Store input gives the same results.
FEED_TEXT = True


def shapes_store(paths: Sequence[Path] | None = None, graph: Graph | None = None) -> ox.Store:
    """The shapes in a pyoxigraph store: the shape files, or an rdflib shapes graph."""
    from ..resources import shape_files

    store = ox.Store()
    if graph is not None:
        store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store
    for path in paths or shape_files():
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        except SyntaxError as err:
            raise InputError.one(f"the shapes file cannot be parsed: {err}", Location.at(path, 1)) from None
    return store


def validate_triples(triples: Sequence[ox.Triple], shapes: ox.Store) -> Graph:
    """The SHACL validation report (an rdflib graph, as pySHACL gives) for ``triples``."""
    return validate_ntriples(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), shapes)


def validate_ntriples(nt: bytes, shapes: ox.Store) -> Graph:
    """The SHACL validation report for the N-Triples ``nt`` (in any order, repeats allowed)."""
    import pyshacl_turbo

    # As pyshacl_turbo.validate() does it, without its copy of a Store input for in-place rules.
    program = pyshacl_turbo.compile_shapes(shapes, advanced=True)
    _, report, _ = program.validate(_data_input(nt), allow_warnings=True, _normalize_report_literals=True)
    return report


def _data_input(nt: bytes):
    """Turbo's native input record for N-Triples text, or a Store where a release has no such record."""
    import pyshacl_turbo

    record = getattr(pyshacl_turbo, "Input", None)
    if record is None or not FEED_TEXT:
        store = ox.Store()
        store.bulk_load(nt, format=ox.RdfFormat.N_TRIPLES)
        return store
    return record(nt.decode("utf-8"), "nt", None, {}, preserve_ids=True)
