"""Stage 3, graph: the linked model → RDF terms, plus where in the YAML each node came from.

Triples follow the table in :mod:`ketagraph.model`; the few nodes the table cannot express
(authorship positions, journal volumes and issues) are minted here with stable IRIs, never
blank nodes, so exports stay byte-identical and every node can be linked to.

The terms are pyoxigraph's: validation (pyshacl-turbo on a pyoxigraph store) and every export
(pyoxigraph's writers) read them as they are, with no conversion. An rdflib ``Graph`` is made
from them only when a caller asks for one (:attr:`Built.graph`): the Python API, the pySHACL
engine, the site pages. Building through rdflib first cost more than everything else together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox
from rdflib import RDF, XSD, BNode, Graph, Literal, Node, URIRef

from ..errors import Location
from ..model import (
    DATATYPES,
    KINDS,
    MATCH_RELATIONS,
    VOICE_KEYS,
    Field,
    author_slug,
    fields_by_key,
    issue_slug,
    quantity_slug,
    voice_graph_slug,
    volume_slug,
)
from ..schemes import expand
from ..vocab import KG, KGO, PREFIXES, PROV, SDO, SKOS
from .link import Linked
from .records import Record, Value

__all__ = [
    "Built",
    "Emitter",
    "CURATED_GRAPH",
    "build_graph",
    "dataset_facts",
    "describe_voices",
    "emit_records",
    "from_ox",
    "new_graph",
    "output_order",
    "to_ox",
]

_RDF_TYPE = str(RDF.type)
_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)
# The named graph of the curators' own description (what no source states) in the release's quads.
CURATED_GRAPH = str(KG) + "curated-description"


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the same pyoxigraph term (a plain literal is an xsd:string in both)."""
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


def from_ox(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """A pyoxigraph term as rdflib spells it: ``"x"`` rather than ``"x"^^xsd:string``."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    return Literal(term.value) if dt == _XSD_STRING else Literal(term.value, datatype=URIRef(dt))


def output_order(t: ox.Triple) -> tuple[str, bool, str, str]:
    """The order of every export: by subject, ``rdf:type`` first, then predicate and object
    (compared as N-Triples, which pyoxigraph renders natively)."""
    p = t.predicate.value
    return (str(t.subject), p != _RDF_TYPE, p, str(t.object))


@dataclass(frozen=True, eq=False)
class Built:
    """The graph (the union of every voice) and where each node and statement came from.

    ``triples`` is the union, without duplicates, in :func:`output_order`. ``graph_of`` maps
    each triple that a source states to the named graph of that source's statements (design:
    one graph per voice); every other triple is the curators' description, which the quads put
    in the named graph :data:`CURATED_GRAPH`.
    """

    triples: list[ox.Triple]
    locations: dict[URIRef, Location]
    dataset: URIRef
    graph_of: Mapping[ox.Triple, ox.NamedNode] = field(default_factory=dict)

    @classmethod
    def from_graph(
        cls,
        graph: Graph,
        locations: dict[URIRef, Location] | None = None,
        dataset: URIRef | None = None,
        named: Mapping[tuple, URIRef] | None = None,
    ) -> Built:
        """A ``Built`` over an rdflib graph (read from a file, or a part of another graph)."""
        pairs = [(t, ox.Triple(to_ox(t[0]), to_ox(t[1]), to_ox(t[2]))) for t in graph]
        graph_of = {ox_t: ox.NamedNode(str(named[t])) for t, ox_t in pairs if named and t in named}
        triples = sorted({ox_t for _, ox_t in pairs}, key=output_order)
        return cls(triples, locations or {}, dataset if dataset is not None else URIRef(""), graph_of)

    def __len__(self) -> int:
        return len(self.triples)

    @cached_property
    def graph(self) -> Graph:
        """The union as an rdflib graph, made on first use."""
        g = new_graph()
        add = g.add
        for t in self.triples:
            add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return g

    @cached_property
    def named(self) -> dict[tuple, URIRef]:
        """``graph_of`` in rdflib terms."""
        return {
            (from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)): URIRef(g.value)
            for t, g in self.graph_of.items()
        }

    @cached_property
    def quads(self) -> list[ox.Quad]:
        """Every triple in a named graph, the named graphs in IRI order: a source's statements in
        its voice's graph, the curators' description in :data:`CURATED_GRAPH`. The default graph
        is empty, so a store's union default graph, a query with union semantics and
        ``GRAPH ?g`` all see every triple, each once."""
        curated = ox.NamedNode(CURATED_GRAPH)
        graph_of = self.graph_of
        by_graph: dict[str, list[ox.Quad]] = {}
        for t in self.triples:  # already in output order: grouping keeps it within each graph
            g = graph_of.get(t, curated)
            by_graph.setdefault(g.value, []).append(ox.Quad(t.subject, t.predicate, t.object, g))
        return [q for name in sorted(by_graph) for q in by_graph[name]]


def new_graph() -> Graph:
    """An empty rdflib graph bound to the project's one prefix map (and no others).

    rdflib's ``SimpleMemory`` store: the graph has no contexts (voices are tracked in
    ``Built.graph_of``), and without the context bookkeeping of the default store adding and
    iterating triples costs less than half as much.
    """
    g = Graph(store="SimpleMemory", bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


# What the curators add to a source's statement (a note, where they read it, how it relates to
# other statements) is theirs, not the source's: it stays with the curated description.
_CURATORS_OWN = {str(p) for p in (SKOS.editorialNote, KGO.verifiedIn, KGO.relatedClaim, KGO.disagreesWith)}
_KG = str(KG)


def _voice(rec: Record) -> Value | None:
    """Whose statement ``rec`` is, or None for curated description. A risk-of-bias judgement that
    is not known is the curators' record of a gap, not something the source says."""
    key = VOICE_KEYS.get(rec.kind)
    if key is None or (rec.kind == "risk_of_bias" and getattr(rec.fields.get("judgement"), "value", "") == "not-known"):
        return None
    return rec.fields.get(key)


def statement_graph(voice: str) -> URIRef:
    """The named graph holding what ``voice`` (a document or organisation id) states."""
    return URIRef(_KG + voice_graph_slug(voice))


def _lexical(type_: str, value: object) -> str:
    if type_ == "date":
        return value.isoformat()  # type: ignore[attr-defined]
    if type_ == "decimal":
        return str(Literal(value, datatype=XSD.decimal))  # rdflib's canonical form, as before
    return str(value)


Add = Callable[[ox.NamedNode, ox.NamedNode, "ox.NamedNode | ox.Literal"], None]


class Emitter:
    """Mints the terms of one build; each IRI string becomes one ``NamedNode``, made once.

    Statements are kept per subject (``subject -> {(predicate, object): named graph or None}``):
    the dict removes duplicates, and sorting a few hundred thousand subjects and then each
    subject's handful of statements costs a third of sorting a million triples by one key.
    """

    def __init__(self) -> None:
        self.iris: dict[str, ox.NamedNode] = {}
        self.datatypes = {k: ox.NamedNode(str(v)) for k, v in DATATYPES.items()}
        self.subjects: dict[ox.NamedNode, dict[tuple, ox.NamedNode | None]] = {}
        self.locations: dict[URIRef, Location] = {}

    def iri(self, value: str) -> ox.NamedNode:
        node = self.iris.get(value)
        if node is None:
            node = self.iris[value] = ox.NamedNode(value)
        return node

    def kg(self, slug: str) -> ox.NamedNode:
        return self.iri(_KG + slug)

    def typed(self, type_: str, value: object) -> ox.Literal:
        return ox.Literal(_lexical(type_, value), datatype=self.datatypes[type_])

    def locate(self, node: ox.NamedNode, loc: Location) -> None:
        self.locations.setdefault(URIRef(node.value), loc)

    def adder(self, target: ox.NamedNode | None) -> Add:
        subjects = self.subjects
        if target is None:

            def add_default(s, p, o) -> None:
                statements = subjects.get(s)
                if statements is None:
                    statements = subjects[s] = {}
                statements.setdefault((p, o), None)

            return add_default

        def add_named(s, p, o) -> None:
            statements = subjects.get(s)
            if statements is None:
                statements = subjects[s] = {}
            if p.value in _CURATORS_OWN:
                statements.setdefault((p, o), None)
            else:  # a statement of the voice, even if also curated: it goes into the voice's graph
                statements[(p, o)] = target

        return add_named

    def sorted_triples(self) -> tuple[list[ox.Triple], dict[ox.Triple, ox.NamedNode]]:
        """Every statement once, in :func:`output_order`, and the named graph of each voiced one."""
        triples: list[ox.Triple] = []
        graph_of: dict[ox.Triple, ox.NamedNode] = {}
        append, triple = triples.append, ox.Triple
        for s in sorted(self.subjects, key=str):
            statements = self.subjects[s]
            for po in sorted(statements, key=_statement_order):
                t = triple(s, po[0], po[1])
                append(t)
                g = statements[po]
                if g is not None:
                    graph_of[t] = g
        return triples, graph_of


def _statement_order(po: tuple) -> tuple[bool, str, str]:
    """Within one subject, :func:`output_order`: ``rdf:type`` first, then predicate and object."""
    p = po[0].value
    return (p != _RDF_TYPE, p, str(po[1]))


def build_graph(model: Linked) -> Built:
    em = Emitter()
    voices = emit_records(em, model.records)
    describe_voices(em, model.by_id, dataset_facts(em, model.dataset.id), voices)
    triples, graph_of = em.sorted_triples()
    return Built(triples, em.locations, URIRef(_KG + model.dataset.id), graph_of)


def emit_records(em: Emitter, records: Iterable[Record]) -> dict[str, Location]:
    """Every statement of ``records`` into ``em``; returns the voices they name, first place first."""
    voices: dict[str, Location] = {}
    rdf_type = em.iri(_RDF_TYPE)
    default_add = em.adder(None)
    for rec in records:
        kind = KINDS[rec.kind]
        # A register entry describes the external IRI itself: its label and where it was verified.
        subject = em.kg(rec.id) if kind.node else em.iri(expand(rec.fields["curie"].value))
        em.locate(subject, rec.loc)
        voice = _voice(rec)
        if voice is not None:
            voices.setdefault(voice.value, voice.loc)
            add = em.adder(em.iri(str(statement_graph(voice.value))))
        else:
            add = default_add
        for cls in kind.classes:
            add(subject, rdf_type, em.iri(cls))
        specs = fields_by_key(rec.kind)
        for key, raw in rec.fields.items():
            _emit(em, add, subject, rec, specs[key], raw)
    return voices


def dataset_facts(em: Emitter, dataset_id: str) -> list[ox.Triple]:
    """The dataset's creators and release date, in output order (every voice's graph repeats them)."""
    dataset = em.kg(dataset_id)
    creator, published = em.iri(str(SDO.creator)), em.iri(str(SDO.datePublished))
    return sorted(
        (ox.Triple(dataset, p, o) for p, o in em.subjects.get(dataset, {}) if p in (creator, published)),
        key=output_order,
    )


def describe_voices(
    em: Emitter, by_id: Mapping[str, Record], facts: list[ox.Triple], voices: Mapping[str, Location]
) -> None:
    """PROV for each voice's named graph, in voice order."""
    for voice, loc in sorted(voices.items()):
        _describe_statement_graph(em, by_id, facts, voice, loc)


def _describe_statement_graph(
    em: Emitter, by_id: Mapping[str, Record], facts: list[ox.Triple], voice: str, loc: Location
) -> None:
    """PROV for one voice's graph: from what it is derived, who made it, when (the release date)."""
    node = em.iri(str(statement_graph(voice)))
    em.locate(node, loc)
    add = em.adder(None)
    iri = em.iri
    add(node, iri(_RDF_TYPE), iri(str(KGO.StatementGraph)))
    add(node, iri(_RDF_TYPE), iri(str(PROV.Bundle)))
    label = by_id[voice].fields.get("label")
    add(node, iri(str(SDO.name)), ox.Literal(f"Statements of {label.value if label else voice}"))
    add(node, iri(str(KGO.assertedBy)), em.kg(voice))
    if by_id[voice].kind == "documents":
        add(node, iri(str(PROV.wasDerivedFrom)), em.kg(voice))
    for t in facts:  # the dataset's creators and release date, in output order
        if t.predicate.value == str(SDO.creator):
            add(node, iri(str(PROV.wasAttributedTo)), t.object)
        else:
            add(
                node,
                iri(str(PROV.generatedAtTime)),
                ox.Literal(f"{t.object.value}T00:00:00Z", datatype=iri(str(XSD.dateTime))),
            )


def _emit(em: Emitter, add: Add, subject: ox.NamedNode, rec: Record, spec: Field, raw) -> None:
    iri = em.iri
    if spec.type == "identifiers":
        for relation, values in raw.items():
            for v in values:
                target = iri(expand(v.value))
                add(subject, iri(str(MATCH_RELATIONS[relation])), target)
                if relation == "exact":
                    add(subject, iri(str(SDO.sameAs)), target)
        return
    if spec.type == "quantity":
        node = em.kg(quantity_slug(rec.id, spec.key))
        em.locate(node, next(iter(raw.values())).loc)
        add(subject, iri(str(spec.predicate)), node)
        add(node, iri(_RDF_TYPE), iri(str(SDO.QuantitativeValue)))
        add(node, iri(str(SDO.value)), em.typed("decimal", raw["value"].value))
        add(node, iri(str(SDO.unitCode)), ox.Literal(raw["unit"].value))
        return
    if spec.type == "authors":
        _emit_authors(em, add, subject, raw)
        return
    if rec.kind == "documents" and spec.key in ("journal", "volume", "issue"):
        if spec.key == "journal":
            _emit_issue(em, add, subject, rec)
        return
    values: list[Value] = raw if isinstance(raw, list) else [raw]
    predicate = iri(spec.predicate) if spec.predicate is not None else None
    for v in values:
        obj = _term(em, spec, v)
        if spec.type == "enum" and spec.key == "type":
            add(subject, iri(_RDF_TYPE), obj)
            continue
        if predicate is not None:
            add(subject, predicate, obj)
        for extra in spec.also:
            add(subject, iri(extra), obj)
        if spec.inverse is not None:
            add(obj, iri(spec.inverse), subject)


def _term(em: Emitter, spec: Field, v: Value) -> ox.NamedNode | ox.Literal:
    t = spec.type
    if t == "ref":
        return em.kg(v.value)
    if t == "enum":
        return em.iri(str(spec.values[v.value]))
    if t == "curie":
        return em.iri(expand(v.value))
    if t == "url":
        return em.iri(v.value)
    if t in DATATYPES:
        return em.typed(t, v.value)
    return ox.Literal(v.value)


def _emit_authors(em: Emitter, add: Add, doc: ox.NamedNode, authors: list[Value]) -> None:
    """``schema:author`` for schema.org readers, and ordered ``kgo:Authorship`` nodes for the order."""
    slug = doc.value.removeprefix(_KG)
    iri = em.iri
    for n, v in enumerate(authors, start=1):
        agent = em.kg(v.value)
        node = em.kg(author_slug(slug, n))
        em.locations[URIRef(node.value)] = v.loc
        add(doc, iri(str(SDO.author)), agent)
        add(doc, iri(str(KGO.authorship)), node)
        add(node, iri(_RDF_TYPE), iri(str(KGO.Authorship)))
        add(node, iri(str(KGO.agent)), agent)
        add(node, iri(str(KGO.authorPosition)), em.typed("integer", n))


def _emit_issue(em: Emitter, add: Add, doc: ox.NamedNode, rec: Record) -> None:
    """journal + volume + issue → PublicationVolume and PublicationIssue nodes (schema.org's chain)."""
    iri = em.iri
    journal_v: Value = rec.fields["journal"]
    journal = em.kg(journal_v.value)
    parent = journal
    volume_v: Value | None = rec.fields.get("volume")
    issue_v: Value | None = rec.fields.get("issue")
    if volume_v is not None:
        volume = em.kg(volume_slug(journal_v.value, volume_v.value))
        em.locate(volume, volume_v.loc)
        add(volume, iri(_RDF_TYPE), iri(str(SDO.PublicationVolume)))
        add(volume, iri(str(SDO.volumeNumber)), em.typed("integer", volume_v.value))
        add(volume, iri(str(SDO.isPartOf)), journal)
        parent = volume
        if issue_v is not None:
            issue = em.kg(issue_slug(journal_v.value, volume_v.value, issue_v.value))
            em.locate(issue, issue_v.loc)
            add(issue, iri(_RDF_TYPE), iri(str(SDO.PublicationIssue)))
            add(issue, iri(str(SDO.issueNumber)), em.typed("integer", issue_v.value))
            add(issue, iri(str(SDO.isPartOf)), volume)
            parent = issue
    add(doc, iri(str(SDO.isPartOf)), parent)
