"""Stage 3, graph: the linked model → an rdflib Graph, plus where in the YAML each node came from.

Triples follow the table in :mod:`ketagraph.model`; the few nodes the table cannot express
(authorship positions, journal volumes and issues) are minted here with stable IRIs, never
blank nodes, so exports stay byte-identical and every node can be linked to.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, XSD, Graph, Literal, URIRef

from .errors import Location
from .link import Model
from .load import Record, Value
from .model import KINDS, MATCH_RELATIONS, Field
from .schemes import expand
from .vocab import KGO, PREFIXES, SDO, kg_iri

__all__ = ["Built", "build_graph", "new_graph"]


@dataclass(frozen=True, slots=True)
class Built:
    """The graph and, for every node it mints, the YAML location that produced it."""

    graph: Graph
    locations: dict[URIRef, Location]
    dataset: URIRef


def new_graph() -> Graph:
    """An empty graph bound to the project's one prefix map (and no others)."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def build_graph(model: Model) -> Built:
    g = new_graph()
    locations: dict[URIRef, Location] = {}
    for rec in model.records:
        kind = KINDS[rec.kind]
        # A register entry describes the external IRI itself: its label and where it was verified.
        subject = kg_iri(rec.id) if kind.node else URIRef(expand(rec.fields["curie"].value))
        locations.setdefault(subject, rec.loc)
        for cls in kind.classes:
            g.add((subject, RDF.type, cls))
        for spec in kind.all_fields:
            raw = rec.fields.get(spec.key)
            if raw is not None:
                _emit(g, locations, subject, rec, spec, raw)
    return Built(g, locations, kg_iri(model.dataset.id))


def _emit(g: Graph, locations: dict[URIRef, Location], subject: URIRef, rec: Record, spec: Field, raw) -> None:
    if spec.type == "identifiers":
        for relation, values in raw.items():
            for v in values:
                iri = URIRef(expand(v.value))
                g.add((subject, MATCH_RELATIONS[relation], iri))
                if relation == "exact":
                    g.add((subject, SDO.sameAs, iri))
        return
    if spec.type == "authors":
        _emit_authors(g, locations, subject, raw)
        return
    if rec.kind == "documents" and spec.key in ("journal", "volume", "issue"):
        if spec.key == "journal":
            _emit_issue(g, locations, subject, rec)
        return
    values: list[Value] = raw if isinstance(raw, list) else [raw]
    for v in values:
        obj = _term(spec, v)
        if spec.type == "enum" and spec.key == "type":
            g.add((subject, RDF.type, obj))
            continue
        if spec.predicate is not None:
            g.add((subject, spec.predicate, obj))
        for extra in spec.also:
            g.add((subject, extra, obj))
        if spec.inverse is not None:
            g.add((obj, spec.inverse, subject))


def _term(spec: Field, v: Value) -> URIRef | Literal:
    t = spec.type
    if t == "ref":
        return kg_iri(v.value)
    if t == "enum":
        return spec.values[v.value]
    if t == "curie":
        return URIRef(expand(v.value))
    if t == "url":
        return URIRef(v.value)
    if t == "integer":
        return Literal(v.value, datatype=XSD.integer)
    if t == "decimal":
        return Literal(v.value, datatype=XSD.decimal)
    if t == "date":
        return Literal(v.value.isoformat(), datatype=XSD.date)
    if t == "year":
        return Literal(v.value, datatype=XSD.gYear)
    return Literal(v.value)


def _emit_authors(g: Graph, locations: dict[URIRef, Location], doc: URIRef, authors: list[Value]) -> None:
    """``schema:author`` for schema.org readers, and ordered ``kgo:Authorship`` nodes for the order."""
    slug = doc.removeprefix(str(kg_iri("")))
    for n, v in enumerate(authors, start=1):
        agent = kg_iri(v.value)
        node = kg_iri(f"{slug}-author-{n}")
        locations[node] = v.loc
        g.add((doc, SDO.author, agent))
        g.add((doc, KGO.authorship, node))
        g.add((node, RDF.type, KGO.Authorship))
        g.add((node, KGO.agent, agent))
        g.add((node, KGO.authorPosition, Literal(n, datatype=XSD.integer)))


def _emit_issue(g: Graph, locations: dict[URIRef, Location], doc: URIRef, rec: Record) -> None:
    """journal + volume + issue → PublicationVolume and PublicationIssue nodes (schema.org's chain)."""
    journal_v: Value = rec.fields["journal"]
    journal = kg_iri(journal_v.value)
    parent = journal
    volume_v: Value | None = rec.fields.get("volume")
    issue_v: Value | None = rec.fields.get("issue")
    if volume_v is not None:
        volume = kg_iri(f"{journal_v.value}-volume-{volume_v.value}")
        locations.setdefault(volume, volume_v.loc)
        g.add((volume, RDF.type, SDO.PublicationVolume))
        g.add((volume, SDO.volumeNumber, Literal(volume_v.value, datatype=XSD.integer)))
        g.add((volume, SDO.isPartOf, journal))
        parent = volume
        if issue_v is not None:
            issue = kg_iri(f"{journal_v.value}-volume-{volume_v.value}-issue-{issue_v.value}")
            locations.setdefault(issue, issue_v.loc)
            g.add((issue, RDF.type, SDO.PublicationIssue))
            g.add((issue, SDO.issueNumber, Literal(issue_v.value, datatype=XSD.integer)))
            g.add((issue, SDO.isPartOf, volume))
            parent = issue
    g.add((doc, SDO.isPartOf, parent))
