"""Turtle, N-Triples, TriG, N-Quads and RDF/XML through pyoxigraph's writers.

The graph stage hands over pyoxigraph terms already sorted (:func:`ketagraph.reading.graph.output_order`),
and pyoxigraph writes what it is given in the order given, so every format is byte-identical
across runs without any conversion. rdflib graphs (the VoID description, a part of the graph)
are converted and sorted first.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from ...reading.graph import Built
from ...vocab import PREFIXES

__all__ = ["serialize", "tidy_turtle"]

_QUAD_FORMATS = {"TRIG", "N_QUADS"}
_PREFIXED = {"TURTLE", "TRIG", "RDF_XML"}


def serialize(data: Built | Graph, format_name: str) -> bytes:
    """``data`` in pyoxigraph's ``RdfFormat.<format_name>``.

    Triple formats get the union. Quad formats put each triple a voice states into that voice's
    named graph and the rest into the curators' graph (``Built.quads``), leaving the default
    graph empty; graphs are written in IRI order.
    """
    built = data if isinstance(data, Built) else Built.from_graph(data)
    fmt = getattr(ox.RdfFormat, format_name)
    items = built.quads if format_name in _QUAD_FORMATS else built.triples
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
