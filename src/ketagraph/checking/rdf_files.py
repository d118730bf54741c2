"""Reading RDF files given to ``ketagraph validate`` and ``query --graph`` (a release, or graphs made elsewhere).

Every format is read as one dataset, and the graph is the union of all its graphs, default and
named: the N-Quads and TriG of a release put each source's statements in a named graph, and
reading only their default graph would validate a part of the release as if it were the whole.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, URIRef

from ..errors import InputError, Location

if TYPE_CHECKING:
    from ..reading.graph import Built

__all__ = ["RDF_SUFFIXES", "is_rdf_file", "read_rdf", "read_rdf_built"]

RDF_SUFFIXES = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "xml",
    ".owl": "xml",
}


def is_rdf_file(path: Path) -> bool:
    return path.suffix.lower() in RDF_SUFFIXES


def read_rdf(paths: list[Path]) -> Graph:
    """The union of every graph of every file; a syntax error names the file (and line, when the parser says)."""
    g = Graph()
    for p in paths:
        for s, pr, o, _ in _quads(Path(p)):
            g.add((s, pr, o))
    return g


def read_rdf_built(path: Path | str) -> Built:
    """An RDF file as a :class:`~ketagraph.reading.graph.Built`: quads keep their named graphs."""
    from ..reading.graph import Built

    g = Graph()
    named: dict[tuple, URIRef] = {}
    for s, p, o, c in _quads(Path(path)):
        g.add((s, p, o))
        if c is not None:
            named[(s, p, o)] = c
    return Built.from_graph(g, named=named)


def _quads(path: Path):
    """(s, p, o, named graph or None) of every statement in ``path``, whatever its format; the
    curators' graph of a release's quads counts as no voice's (None), as in the build."""
    from ..reading.graph import CURATED_GRAPH

    if not is_rdf_file(path):
        raise InputError.one(f"'{path}' is not an RDF file; give one of: {', '.join(RDF_SUFFIXES)}")
    if not path.is_file():
        raise InputError.one(f"file '{path}' does not exist")
    fmt = RDF_SUFFIXES[path.suffix.lower()]
    with warnings.catch_warnings():  # rdflib 7's Dataset calls its own deprecated default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        ds = Dataset()
        try:
            ds.parse(path, format=fmt)
        except Exception as err:  # rdflib's parsers raise many exception types
            line = getattr(err, "lineno", None) or getattr(err, "line", None) or 1
            raise InputError.one(f"cannot parse as {fmt}: {err}", Location.at(path, int(line))) from None
        default = ds.default_graph.identifier
        quads = list(ds.quads())
    for s, p, o, c in quads:
        yield s, p, o, (c if isinstance(c, URIRef) and c != default and str(c) != CURATED_GRAPH else None)
