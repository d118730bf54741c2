"""Stage 3, graph: the linked model → an rdflib Graph, plus where in the YAML each node came from.

Triples follow the table in :mod:`ketagraph.model`; the few nodes the table cannot express
(authorship positions, journal volumes and issues) are minted here with stable IRIs, never
blank nodes, so exports stay byte-identical and every node can be linked to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, XSD, Graph, Literal, URIRef

from .errors import Location
from .link import Model
from .load import Record, Value
from .model import KINDS, MATCH_RELATIONS, Field, author_slug, issue_slug, quantity_slug, voice_graph_slug, volume_slug
from .schemes import expand
from .vocab import KGO, PREFIXES, PROV, SDO, SKOS, kg_iri

__all__ = ["Built", "build_graph", "new_graph"]


@dataclass(frozen=True, slots=True)
class Built:
    """The graph (the union of every voice) and where each node and statement came from.

    ``named`` maps each triple that a source states to the named graph of that source's
    statements (design: one graph per voice); every other triple is in the default graph.
    """

    graph: Graph
    locations: dict[URIRef, Location]
    dataset: URIRef
    named: dict[tuple, URIRef] = field(default_factory=dict)

    def graph_of(self, triple: tuple) -> URIRef | None:
        return self.named.get(triple)


def new_graph() -> Graph:
    """An empty graph bound to the project's one prefix map (and no others).

    rdflib's ``SimpleMemory`` store: the graph has no contexts (voices are tracked in
    ``Built.named``), and without the context bookkeeping of the default store adding and
    iterating triples costs less than half as much.
    """
    g = Graph(store="SimpleMemory", bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


# Whose statement a record is: claims and judgements belong to their source document, links
# and attributions to whoever asserts them. Everything else is curated description.
_VOICE_KEY = {"claims": "source", "risk_of_bias": "source", "attributions": "asserted_by", "inclusions": "asserted_by"}
# What the curators add to a source's statement (a note, where they read it, how it relates to
# other statements) is theirs, not the source's: it stays in the default graph.
_CURATORS_OWN = {SKOS.editorialNote, KGO.verifiedIn, KGO.relatedClaim, KGO.disagreesWith}


def _voice(rec: Record) -> Value | None:
    """Whose statement ``rec`` is, or None for curated description. A risk-of-bias judgement that
    is not known is the curators' record of a gap, not something the source says."""
    key = _VOICE_KEY.get(rec.kind)
    if key is None or (rec.kind == "risk_of_bias" and getattr(rec.fields.get("judgement"), "value", "") == "not-known"):
        return None
    return rec.fields.get(key)


def statement_graph(voice: str) -> URIRef:
    """The named graph holding what ``voice`` (a document or organisation id) states."""
    return kg_iri(voice_graph_slug(voice))


def build_graph(model: Model) -> Built:
    g = new_graph()
    locations: dict[URIRef, Location] = {}
    named: dict[tuple, URIRef] = {}
    voices: dict[str, Location] = {}
    for rec in model.records:
        kind = KINDS[rec.kind]
        # A register entry describes the external IRI itself: its label and where it was verified.
        subject = kg_iri(rec.id) if kind.node else URIRef(expand(rec.fields["curie"].value))
        locations.setdefault(subject, rec.loc)
        voice = _voice(rec)
        if voice is not None:
            voices.setdefault(voice.value, voice.loc)
            target = statement_graph(voice.value)

            def add(t: tuple, target: URIRef = target) -> None:
                g.add(t)
                if t[1] not in _CURATORS_OWN:
                    named[t] = target
        else:
            add = g.add
        for cls in kind.classes:
            add((subject, RDF.type, cls))
        for spec in kind.all_fields:
            raw = rec.fields.get(spec.key)
            if raw is not None:
                _emit(add, locations, subject, rec, spec, raw)
    dataset = kg_iri(model.dataset.id)
    for voice, loc in sorted(voices.items()):
        _describe_statement_graph(g, locations, model, dataset, voice, loc)
    return Built(g, locations, dataset, named)


def _describe_statement_graph(
    g: Graph, locations: dict[URIRef, Location], model: Model, dataset: URIRef, voice: str, loc: Location
) -> None:
    """PROV for one voice's graph: from what it is derived, who made it, when (the release date)."""
    node = statement_graph(voice)
    locations.setdefault(node, loc)
    source = kg_iri(voice)
    g.add((node, RDF.type, KGO.StatementGraph))
    g.add((node, RDF.type, PROV.Bundle))
    label = model.by_id[voice].fields.get("label")
    g.add((node, SDO.name, Literal(f"Statements of {label.value if label else voice}")))
    g.add((node, KGO.assertedBy, source))
    if model.by_id[voice].kind == "documents":
        g.add((node, PROV.wasDerivedFrom, source))
    for creator in g.objects(dataset, SDO.creator):
        g.add((node, PROV.wasAttributedTo, creator))
    issued = g.value(dataset, SDO.datePublished)
    if issued is not None:
        g.add((node, PROV.generatedAtTime, Literal(f"{issued}T00:00:00Z", datatype=XSD.dateTime)))


def _emit(add, locations: dict[URIRef, Location], subject: URIRef, rec: Record, spec: Field, raw) -> None:
    if spec.type == "identifiers":
        for relation, values in raw.items():
            for v in values:
                iri = URIRef(expand(v.value))
                add((subject, MATCH_RELATIONS[relation], iri))
                if relation == "exact":
                    add((subject, SDO.sameAs, iri))
        return
    if spec.type == "quantity":
        node = kg_iri(quantity_slug(rec.id, spec.key))
        locations.setdefault(node, next(iter(raw.values())).loc)
        add((subject, spec.predicate, node))
        add((node, RDF.type, SDO.QuantitativeValue))
        add((node, SDO.value, Literal(raw["value"].value, datatype=XSD.decimal)))
        add((node, SDO.unitCode, Literal(raw["unit"].value)))
        return
    if spec.type == "authors":
        _emit_authors(add, locations, subject, raw)
        return
    if rec.kind == "documents" and spec.key in ("journal", "volume", "issue"):
        if spec.key == "journal":
            _emit_issue(add, locations, subject, rec)
        return
    values: list[Value] = raw if isinstance(raw, list) else [raw]
    for v in values:
        obj = _term(spec, v)
        if spec.type == "enum" and spec.key == "type":
            add((subject, RDF.type, obj))
            continue
        if spec.predicate is not None:
            add((subject, spec.predicate, obj))
        for extra in spec.also:
            add((subject, extra, obj))
        if spec.inverse is not None:
            add((obj, spec.inverse, subject))


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
    if t == "yearmonth":
        return Literal(v.value, datatype=XSD.gYearMonth)
    return Literal(v.value)


def _emit_authors(add, locations: dict[URIRef, Location], doc: URIRef, authors: list[Value]) -> None:
    """``schema:author`` for schema.org readers, and ordered ``kgo:Authorship`` nodes for the order."""
    slug = doc.removeprefix(str(kg_iri("")))
    for n, v in enumerate(authors, start=1):
        agent = kg_iri(v.value)
        node = kg_iri(author_slug(slug, n))
        locations[node] = v.loc
        add((doc, SDO.author, agent))
        add((doc, KGO.authorship, node))
        add((node, RDF.type, KGO.Authorship))
        add((node, KGO.agent, agent))
        add((node, KGO.authorPosition, Literal(n, datatype=XSD.integer)))


def _emit_issue(add, locations: dict[URIRef, Location], doc: URIRef, rec: Record) -> None:
    """journal + volume + issue → PublicationVolume and PublicationIssue nodes (schema.org's chain)."""
    journal_v: Value = rec.fields["journal"]
    journal = kg_iri(journal_v.value)
    parent = journal
    volume_v: Value | None = rec.fields.get("volume")
    issue_v: Value | None = rec.fields.get("issue")
    if volume_v is not None:
        volume = kg_iri(volume_slug(journal_v.value, volume_v.value))
        locations.setdefault(volume, volume_v.loc)
        add((volume, RDF.type, SDO.PublicationVolume))
        add((volume, SDO.volumeNumber, Literal(volume_v.value, datatype=XSD.integer)))
        add((volume, SDO.isPartOf, journal))
        parent = volume
        if issue_v is not None:
            issue = kg_iri(issue_slug(journal_v.value, volume_v.value, issue_v.value))
            locations.setdefault(issue, issue_v.loc)
            add((issue, RDF.type, SDO.PublicationIssue))
            add((issue, SDO.issueNumber, Literal(issue_v.value, datatype=XSD.integer)))
            add((issue, SDO.isPartOf, volume))
            parent = issue
    add((doc, SDO.isPartOf, parent))
