"""JSON-LD export: the graph compacted with the project's context, readable without the ontology.

The context is generated from :mod:`ketagraph.model` (plus the few minted terms), so every
property a curator can write has a short, stable name ("name", "drugClass", "healthCondition")
and the right type coercion. pyld does the JSON-LD algorithms; keys and nodes are sorted, so
the output is byte-identical for the same graph.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import RDFS, XSD, Graph, URIRef

from ..model import KINDS, MATCH_RELATIONS
from ..vocab import KGO, PREFIXES, PROV, SDO, SKOS
from .rdf import serialize as serialize_rdf

__all__ = ["compact", "context", "context_document", "serialize"]

_IRI_TYPES = {"ref", "enum", "url", "curie", "identifiers", "authors"}
_DATATYPES = {"integer": XSD.integer, "decimal": XSD.decimal, "date": XSD.date, "year": XSD.gYear}

# Predicates and classes the graph stage mints beyond the model's table.
_EXTRA_PROPERTIES: dict[URIRef, str | None] = {
    SDO.sameAs: "@id",
    SDO.hasPart: "@id",
    SDO.isPartOf: "@id",
    SDO.volumeNumber: str(XSD.integer),
    SDO.issueNumber: str(XSD.integer),
    KGO.authorship: "@id",
    KGO.agent: "@id",
    KGO.authorPosition: str(XSD.integer),
    KGO.hasAttribution: "@id",
    RDFS.label: None,
    SDO.value: str(XSD.decimal),
    SDO.unitCode: None,
    PROV.wasAttributedTo: "@id",
    PROV.generatedAtTime: str(XSD.dateTime),
    **{p: "@id" for p in MATCH_RELATIONS.values()},
}
_EXTRA_CLASSES = (
    KGO.Authorship,
    SDO.PublicationVolume,
    SDO.PublicationIssue,
    SDO.QuantitativeValue,
    KGO.StatementGraph,
    PROV.Bundle,
)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def context() -> dict[str, Any]:
    """The JSON-LD ``@context``: prefixes, ``id``/``type`` aliases, one term per property and class."""
    properties: dict[URIRef, str | None] = dict(_EXTRA_PROPERTIES)
    classes: set[URIRef] = set(_EXTRA_CLASSES)
    for kind in KINDS.values():
        classes.update(kind.classes)
        for f in kind.all_fields:
            if f.type == "enum" and f.key == "type":
                classes.update(f.values.values())
            coerce = "@id" if f.type in _IRI_TYPES else (str(_DATATYPES[f.type]) if f.type in _DATATYPES else None)
            for p in (f.predicate, f.inverse, *f.also):
                if p is not None:
                    properties[p] = coerce
    ctx: dict[str, Any] = {"id": "@id", "type": "@type"}
    ctx.update({prefix: ns for prefix, ns in PREFIXES.items()})
    taken: set[str] = set(ctx)
    for iri in sorted(classes | set(properties), key=str):
        term = _local(iri)
        if term in taken:
            term = _curie(iri).replace(":", "_")
        taken.add(term)
        if iri in properties and properties[iri] is not None:
            coerce = properties[iri]
            ctx[term] = {"@id": _curie(iri), "@type": coerce if coerce == "@id" else _curie(coerce)}
        else:
            ctx[term] = _curie(iri)
    # skos:editorialNote and other text properties keep plain strings.
    ctx.setdefault("editorialNote", _curie(str(SKOS.editorialNote)))
    return ctx


def context_document() -> bytes:
    """``context.jsonld``: the context on its own, for publishers who reference it."""
    return (json.dumps({"@context": context()}, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def compact(graph: Graph) -> dict[str, Any]:
    """The graph as one compacted JSON-LD document, nodes sorted by ``id``."""
    from pyld import jsonld

    nquads = serialize_rdf(graph, "N_QUADS").decode()
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads", "useNativeTypes": False})
    ctx = context()
    doc = jsonld.compact(expanded, ctx, {"graph": True})
    nodes = doc.get("@graph", [])
    nodes.sort(key=lambda n: n.get("id", ""))
    return {"@context": ctx, "@graph": nodes}


def serialize(graph: Graph) -> bytes:
    return (json.dumps(compact(graph), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def frame_entity(graph: Graph, iri: str) -> bytes:
    """One entity as a JSON-LD tree: its parts nested under it, compacted with the context."""
    from pyld import jsonld

    nquads = serialize_rdf(graph, "N_QUADS").decode()
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads", "useNativeTypes": False})
    ctx = context()
    framed = jsonld.frame(expanded, {"@context": ctx, "@id": iri}, {"embed": "@once", "omitGraph": True})
    framed["@context"] = _used_terms(ctx, framed)
    return (json.dumps(framed, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _used_terms(ctx: dict[str, Any], doc: Any) -> dict[str, Any]:
    """The part of ``ctx`` that ``doc`` uses: its keys, its type names, and the prefixes of its CURIEs."""
    used: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for k, v in x.items():
                used.add(k)
                if k == "type":
                    used.update(v if isinstance(v, list) else [v])
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, str) and ":" in x:
            used.add(x.split(":", 1)[0])

    walk({k: v for k, v in doc.items() if k != "@context"})
    for term in list(used):
        definition = ctx.get(term)
        target = definition.get("@id") if isinstance(definition, dict) else definition
        for curie in (target, definition.get("@type") if isinstance(definition, dict) else None):
            if isinstance(curie, str) and ":" in curie:
                used.add(curie.split(":", 1)[0])
    return {k: v for k, v in ctx.items() if k in used}
