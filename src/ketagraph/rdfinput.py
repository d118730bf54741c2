"""Reading RDF files given to ``ketagraph validate`` (graphs made elsewhere, or a release)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .errors import InputError, Location

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
    """Parse every file into one graph; a syntax error names the file (and line, when the parser says)."""
    g = Graph()
    for p in paths:
        if not p.is_file():
            raise InputError.one(f"file '{p}' does not exist")
        try:
            g.parse(p, format=RDF_SUFFIXES[p.suffix.lower()])
        except Exception as err:  # rdflib's parsers raise many exception types
            line = getattr(err, "lineno", None) or getattr(err, "line", None) or 1
            raise InputError.one(
                f"cannot parse as {RDF_SUFFIXES[p.suffix.lower()]}: {err}", Location.at(p, int(line))
            ) from None
    return g


def read_rdf_built(path: Path):
    """An RDF file as a :class:`~ketagraph.graph.Built`: quads keep their named graphs."""
    from rdflib import Dataset, URIRef

    from .graph import Built

    if not is_rdf_file(path):
        raise InputError.one(f"'{path}' is not an RDF file ({', '.join(RDF_SUFFIXES)})")
    fmt = RDF_SUFFIXES[path.suffix.lower()]
    if fmt not in ("trig", "nquads"):
        return Built.from_graph(read_rdf([path]))
    if not path.is_file():
        raise InputError.one(f"file '{path}' does not exist")
    ds = Dataset()
    try:
        ds.parse(path, format=fmt)
    except Exception as err:  # rdflib's parsers raise many exception types
        raise InputError.one(f"cannot parse as {fmt}: {err}", Location.at(path, 1)) from None
    g = Graph()
    named: dict[tuple, URIRef] = {}
    for s, p, o, c in ds.quads():
        g.add((s, p, o))
        if isinstance(c, URIRef) and c != ds.default_graph.identifier:
            named[(s, p, o)] = c
    return Built.from_graph(g, named=named)
