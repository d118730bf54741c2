"""JSON-LD export: the graph compacted with the project's context, readable without the ontology.

The context is generated from :mod:`ketagraph.model` (plus the few minted terms), so every
property a curator can write has a short, stable name ("name", "drugClass", "healthCondition")
and the right type coercion. pyld does the JSON-LD algorithms; keys and nodes are sorted, so
the output is byte-identical for the same graph.
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Node, URIRef

from ...model import DATATYPES, KINDS, MATCH_RELATIONS
from ...reading.graph import Built
from ...vocab import KGO, PREFIXES, PROV, SDO, SKOS, curie, expand_curie, local_name

__all__ = ["compact", "context", "context_document", "serialize"]

_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)
_IRI_TYPES = {"ref", "enum", "url", "curie", "identifiers", "authors"}

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


def context() -> dict[str, Any]:
    """The JSON-LD ``@context``: prefixes, ``id``/``type`` aliases, one term per property and class."""
    properties: dict[URIRef, str | None] = dict(_EXTRA_PROPERTIES)
    classes: set[URIRef] = set(_EXTRA_CLASSES)
    for kind in KINDS.values():
        classes.update(kind.classes)
        for f in kind.all_fields:
            if f.type == "enum" and f.key == "type":
                classes.update(f.values.values())
            coerce = "@id" if f.type in _IRI_TYPES else (str(DATATYPES[f.type]) if f.type in DATATYPES else None)
            for p in (f.predicate, f.inverse, *f.also):
                if p is not None:
                    properties[p] = coerce
    ctx: dict[str, Any] = {"id": "@id", "type": "@type"}
    ctx.update({prefix: ns for prefix, ns in PREFIXES.items()})
    taken: set[str] = set(ctx)
    for iri in sorted(classes | set(properties), key=str):
        term = local_name(iri)
        if term in taken:
            term = curie(iri).replace(":", "_")
        taken.add(term)
        if iri in properties and properties[iri] is not None:
            coerce = properties[iri]
            ctx[term] = {"@id": curie(iri), "@type": coerce if coerce == "@id" else curie(coerce)}
        else:
            ctx[term] = curie(iri)
    # skos:editorialNote and other text properties keep plain strings.
    ctx.setdefault("editorialNote", curie(str(SKOS.editorialNote)))
    return ctx


def context_document() -> bytes:
    """``context.jsonld``: the context on its own, for publishers who reference it."""
    return (json.dumps({"@context": context()}, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def expanded(graph: Graph) -> list[dict[str, Any]]:
    """The graph as expanded JSON-LD, built directly (pyld's N-Quads reader is quadratic)."""
    nodes: dict[str, dict[str, Any]] = {}
    for s, p, o in sorted(graph, key=_triple_key):
        node = nodes.setdefault(str(s), {"@id": _node_id(s)})
        if p == RDF.type:
            node.setdefault("@type", []).append(_node_id(o))
        else:
            node.setdefault(str(p), []).append(_expanded_value(o))
    return list(nodes.values())


def compact(data: Built | Graph) -> dict[str, Any]:
    """The graph compacted with :func:`context`, node by node, in one pass.

    The context is ours and simple (one term per property, IRI or datatype coercion, prefixes),
    so compaction is done by construction rather than by the general algorithm, which is far
    too slow for large graphs. The tests check the result against pyld: expanding it gives back
    a graph isomorphic to the input, and on the shipped data it equals pyld's own compaction.
    """
    built = data if isinstance(data, Built) else Built.from_graph(data)
    ctx = context()
    terms = _term_index(ctx)
    classes = terms["class"]
    iris: dict[str, str] = {}  # IRI -> its compact form: nodes are referred to many times

    def compact_iri(term: ox.NamedNode | ox.BlankNode) -> str:
        key = f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value
        hit = iris.get(key)
        if hit is None:
            hit = iris[key] = _compact_iri(key)
        return hit

    nodes: dict[ox.NamedNode | ox.BlankNode, dict[str, Any]] = {}
    for t in built.triples:  # in output order: by subject, then predicate, then object
        s, p, o = t.subject, t.predicate, t.object
        node = nodes.get(s)
        if node is None:
            node = nodes[s] = {"id": compact_iri(s)}
        if p.value == _RDF_TYPE:
            node.setdefault("type", []).append(classes.get(o.value) or compact_iri(o))
            continue
        key, value = _compact_pair(p, o, terms, compact_iri)
        node.setdefault(key, []).append(value)
    out = []
    for node in nodes.values():
        out.append({k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in node.items()})
    out.sort(key=lambda n: n["id"])
    return {"@context": ctx, "@graph": out}


def serialize(data: Built | Graph) -> bytes:
    return (json.dumps(compact(data), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _triple_key(t: tuple) -> tuple[str, str, str]:
    return (str(t[0]), str(t[1]), t[2].n3())


def _node_id(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _expanded_value(o: Node) -> dict[str, str]:
    if isinstance(o, Literal):
        if o.language:
            return {"@value": str(o), "@language": o.language}
        if o.datatype and o.datatype != XSD.string:
            return {"@value": str(o), "@type": str(o.datatype)}
        return {"@value": str(o)}
    return {"@id": _node_id(o)}


def _term_index(ctx: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Lookups from full IRIs to terms: properties (with their coercion) and classes."""
    props: dict[str, tuple[str, str | None]] = {}
    classes: dict[str, str] = {}
    for term, definition in ctx.items():
        if term in ("id", "type") or term in PREFIXES:
            continue
        if isinstance(definition, dict):
            props[expand_curie(definition["@id"])] = (term, definition.get("@type"))
        else:
            iri = expand_curie(definition)
            props.setdefault(iri, (term, None))
            classes[iri] = term
    coerce = {c: expand_curie(c) for _, c in props.values() if c not in (None, "@id")}
    return {"prop": props, "class": classes, "coerce": coerce}


def _compact_iri(iri: str) -> str:
    """An IRI as a CURIE where a prefix fits, as pyld does: never with a local part that starts ``//``."""
    compact = curie(iri)
    return iri if compact.partition(":")[2].startswith("//") else compact


def _compact_pair(p: ox.NamedNode, o, terms: dict[str, dict[str, Any]], compact_iri) -> tuple[str, Any]:
    term, coerce = terms["prop"].get(p.value, (None, None))
    is_literal = isinstance(o, ox.Literal)
    if term is not None:
        if coerce == "@id" and not is_literal:
            return term, compact_iri(o)
        if is_literal and coerce not in (None, "@id"):
            if o.datatype.value == terms["coerce"][coerce] and not o.language:
                return term, o.value
        elif coerce is None:
            if is_literal and not o.language and o.datatype.value == _XSD_STRING:
                return term, o.value
            return term, _compact_value(o, compact_iri)
    return compact_iri(p), _compact_value(o, compact_iri)


def _compact_value(o, compact_iri) -> Any:
    if isinstance(o, ox.Literal):
        if o.language:
            return {"@language": o.language, "@value": o.value}
        if o.datatype.value != _XSD_STRING:
            return {"type": compact_iri(o.datatype), "@value": o.value}  # "type" aliases @type
        return {"@value": o.value}
    return {"id": compact_iri(o)}


def frame_entity(graph: Graph, iri: str) -> bytes:
    """One entity as a JSON-LD tree: its parts nested under it, compacted with the context."""
    from pyld import jsonld

    ctx = context()
    framed = jsonld.frame(expanded(graph), {"@context": ctx, "@id": iri}, {"embed": "@once", "omitGraph": True})
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
        for compact in (target, definition.get("@type") if isinstance(definition, dict) else None):
            if isinstance(compact, str) and ":" in compact:
                used.add(compact.split(":", 1)[0])
    return {k: v for k, v in ctx.items() if k in used}
