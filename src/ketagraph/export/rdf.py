"""Turtle, N-Triples, TriG, N-Quads and RDF/XML: sorted triples through pyoxigraph's writers.

rdflib's own serialisers order output by hash-dependent iteration in places and are slow at
scale; pyoxigraph writes what it is given in the order given, so sorting first makes every
format byte-identical across runs.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Node, URIRef

from ..vocab import PREFIXES

__all__ = ["serialize", "sorted_triples", "to_ox"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _key(t: ox.Triple) -> tuple[str, bool, str, str]:
    # rdf:type first within a subject, then predicates and objects in code-point order
    # (of their N-Triples forms, which pyoxigraph renders natively).
    return (str(t.subject), t.predicate.value != _RDF_TYPE, t.predicate.value, str(t.object))


# Six formats are written from one graph in a build: convert and sort it once, not six times.
_cache: weakref.WeakKeyDictionary[Graph, tuple[int, list[tuple[tuple, ox.Triple]]]] = weakref.WeakKeyDictionary()


def _converted(graph: Graph) -> list[tuple[tuple, ox.Triple]]:
    """(rdflib triple, pyoxigraph triple) pairs in output order, cached while the graph is unchanged."""
    hit = _cache.get(graph)
    if hit is not None and hit[0] == len(graph):
        return hit[1]
    pairs = [(t, ox.Triple(to_ox(t[0]), to_ox(t[1]), to_ox(t[2]))) for t in graph]
    pairs.sort(key=lambda pair: _key(pair[1]))
    _cache[graph] = (len(graph), pairs)
    return pairs


def sorted_triples(graph: Graph) -> Iterator[ox.Triple]:
    for _, t in _converted(graph):
        yield t


def _sorted_quads(graph: Graph, named: Mapping[tuple, URIRef]) -> Iterator[ox.Quad]:
    pairs = _converted(graph)
    order = sorted(range(len(pairs)), key=lambda i: str(named.get(pairs[i][0], "")))  # stable: keeps triple order
    for i in order:
        t, ox_t = pairs[i]
        g = named.get(t)
        yield ox.Quad(
            ox_t.subject, ox_t.predicate, ox_t.object, ox.DefaultGraph() if g is None else ox.NamedNode(str(g))
        )


_QUAD_FORMATS = {"TRIG", "N_QUADS"}
_PREFIXED = {"TURTLE", "TRIG", "RDF_XML"}


def serialize(graph: Graph, format_name: str, named: Mapping[tuple, URIRef] | None = None) -> bytes:
    """``graph`` in pyoxigraph's ``RdfFormat.<format_name>``.

    Triple formats get the union. Quad formats put each triple listed in ``named`` into its
    named graph (one per voice) and the rest into the default graph; graphs are written in
    IRI order, the default graph first.
    """
    fmt = getattr(ox.RdfFormat, format_name)
    items: Iterable[ox.Triple] | Iterable[ox.Quad] = sorted_triples(graph)
    if format_name in _QUAD_FORMATS:
        items = _sorted_quads(graph, named or {})
    out = ox.serialize(items, format=fmt, prefixes=PREFIXES if format_name in _PREFIXED else None)
    return tidy_turtle(out) if format_name in ("TURTLE", "TRIG") else out


def tidy_turtle(text: bytes) -> bytes:
    """Prefix lines in the project's fixed order (not the writer's map order), a blank line per subject.

    pyoxigraph escapes line breaks inside literals, so every line ending in `` .`` ends a statement.
    """
    lines = text.decode().splitlines()
    header = [ln for ln in lines if ln.startswith("@prefix ")]
    body = lines[len(header) :]
    order = {f"@prefix {p}:": i for i, p in enumerate(PREFIXES)}
    header.sort(key=lambda ln: order.get(ln.split(" <", 1)[0], len(order)))
    out = [*header, ""]
    for ln in body:
        out.append(ln)
        if ln.endswith(" ."):
            out.append("")
    return ("\n".join(out).rstrip("\n") + "\n").encode()
