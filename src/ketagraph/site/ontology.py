"""The ontology page: every class and property of ``ontology/ketagraph.ttl``, and a diagram.

The diagram is drawn from the ontology itself, never by hand: one box per ``kgo:`` class and per
outside class it is aligned to, a hollow arrow for each ``rdfs:subClassOf``, and a labelled
arrow from domain to range for each object property (a union range gives one arrow per member).
It is written as Graphviz DOT and rendered to SVG by the ``dot`` program (Debian ``graphviz``);
without ``dot`` publishing stops with a message that says how to install it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS

from ..errors import InputError
from ..vocab import KGO, SKOS, curie, local_name
from .pages import Link, humanise, ontology_terms, safe_href

__all__ = ["OntologyTerm", "class_diagram_dot", "dot_command", "ontology_page", "render_svg"]

_KGO = str(KGO._NS)
ONTOLOGY_IRI = URIRef("https://w3id.org/ketagraph/ontology")
_PROPERTY_KINDS = {
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
}
_CHARACTERISTICS = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.SymmetricProperty: "symmetric",
    OWL.TransitiveProperty: "transitive",
}
DIAGRAM_TITLE = "Diagram of the classes of the ketagraph ontology and the properties between them"


@dataclass(slots=True)
class OntologyTerm:
    """One class, property or enumeration member, as the ontology page lists it."""

    iri: str
    anchor: str
    label: str
    kind: str
    definition: str = ""
    scope_note: str = ""
    rows: list[tuple[str, list[Link]]] = field(default_factory=list)
    members: list[Link] = field(default_factory=list)


def _label(onto: Graph, iri: URIRef) -> str:
    for p in (RDFS.label, SKOS.prefLabel):
        value = onto.value(iri, p)
        if value is not None:
            return str(value)
    return humanise(local_name(str(iri)))


def _members(onto: Graph, node) -> list[URIRef]:
    """``node`` itself, or the members of an ``owl:unionOf`` class expression."""
    if isinstance(node, BNode):
        union = onto.value(node, OWL.unionOf)
        return [m for m in Collection(onto, union) if isinstance(m, URIRef)] if union is not None else []
    return [node] if isinstance(node, URIRef) else []


def _term_link(onto: Graph, iri: URIRef) -> Link:
    """A class or property: an anchor on this page for kgo terms, the term's own page otherwise."""
    if str(iri).startswith(_KGO):
        return Link(_label(onto, iri), "#" + local_name(str(iri)), note=curie(str(iri)))
    return Link(curie(str(iri)), safe_href(str(iri)), external=True)


def _kgo_subjects(onto: Graph, cls: URIRef) -> list[URIRef]:
    return sorted(s for s in onto.subjects(RDF.type, cls) if isinstance(s, URIRef) and str(s).startswith(_KGO))


def ontology_page(onto: Graph) -> dict[str, Any]:
    """The ontology's metadata, classes (with their members) and properties, sorted by label."""
    kgo_classes, kgo_properties, members_of = ontology_terms(onto)
    classes, individuals = _class_terms(onto, kgo_classes, members_of)
    properties = [_property_term(onto, prop) for prop in kgo_properties]
    by_label = lambda t: (t.label.lower(), t.iri)  # noqa: E731
    return {
        "meta": _ontology_meta(onto),
        "classes": sorted(classes, key=by_label),
        "properties": sorted(properties, key=by_label),
        "individuals": sorted(individuals, key=by_label),
    }


def _class_terms(
    onto: Graph, kgo_classes: list[URIRef], members_of: dict[URIRef, list[URIRef]]
) -> tuple[list[OntologyTerm], list[OntologyTerm]]:
    """Each class with its rows and members, and each member as an individual."""
    classes, individuals = [], []
    for cls in kgo_classes:
        term = _term(onto, cls, "class")
        _row(term, "subclass of", [_term_link(onto, s) for s in _sorted_members(onto, RDFS.subClassOf, cls)])
        subclasses = sorted(s for s in onto.subjects(RDFS.subClassOf, cls) if isinstance(s, URIRef))
        _row(term, "superclass of", [_term_link(onto, s) for s in subclasses])
        _row(term, "domain of", [_term_link(onto, p) for p in _used_in(onto, RDFS.domain, cls)])
        _row(term, "range of", [_term_link(onto, p) for p in _used_in(onto, RDFS.range, cls)])
        members = sorted(members_of.get(cls, []), key=lambda m: (_label(onto, m), str(m)))
        term.members = [_term_link(onto, m) for m in members]
        classes.append(term)
        for member in members:
            individual = _term(onto, member, f"member of {_label(onto, cls)}")
            _row(individual, "member of", [_term_link(onto, cls)])
            individuals.append(individual)
    return classes, individuals


def _property_term(onto: Graph, prop: URIRef) -> OntologyTerm:
    kinds = [label for t, label in _PROPERTY_KINDS.items() if (prop, RDF.type, t) in onto] or ["property"]
    chars = [c for t, c in _CHARACTERISTICS.items() if (prop, RDF.type, t) in onto]
    term = _term(onto, prop, ", ".join([*chars, *kinds]))
    _row(term, "domain", [_term_link(onto, d) for d in _sorted_members(onto, RDFS.domain, prop)])
    _row(term, "range", [_term_link(onto, r) for r in _sorted_members(onto, RDFS.range, prop)])
    supers = _sorted_members(onto, RDFS.subPropertyOf, prop)
    _row(term, "sub-property of", [_term_link(onto, s) for s in supers])
    _row(term, "inverse of", [_term_link(onto, s) for s in sorted(onto.objects(prop, OWL.inverseOf))])
    return term


def _ontology_meta(onto: Graph) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "iri": str(ONTOLOGY_IRI),
        "title": str(onto.value(ONTOLOGY_IRI, DCTERMS.title) or "The ketagraph ontology"),
        "description": str(onto.value(ONTOLOGY_IRI, DCTERMS.description) or ""),
        "version": str(onto.value(ONTOLOGY_IRI, OWL.versionInfo) or ""),
        "version_iri": str(onto.value(ONTOLOGY_IRI, OWL.versionIRI) or ""),
        "license": str(onto.value(ONTOLOGY_IRI, DCTERMS.license) or ""),
    }
    meta["license_href"] = safe_href(meta["license"])
    return meta


def _term(onto: Graph, iri: URIRef, kind: str) -> OntologyTerm:
    return OntologyTerm(
        iri=str(iri),
        anchor=local_name(str(iri)),
        label=_label(onto, iri),
        kind=kind,
        definition=str(onto.value(iri, SKOS.definition) or onto.value(iri, RDFS.comment) or ""),
        scope_note=str(onto.value(iri, SKOS.scopeNote) or ""),
    )


def _row(term: OntologyTerm, name: str, links: list[Link]) -> None:
    if links:
        term.rows.append((name, links))


def _sorted_members(onto: Graph, p: URIRef, s: URIRef) -> list[URIRef]:
    return sorted({m for o in onto.objects(s, p) for m in _members(onto, o)})


def _used_in(onto: Graph, p: URIRef, cls: URIRef) -> list[URIRef]:
    return sorted(
        {s for s, o in onto.subject_objects(p) if isinstance(s, URIRef) and cls in _members(onto, o)}, key=str
    )


# --- the diagram --------------------------------------------------------------------------------


def _quote(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def class_diagram_dot(onto: Graph) -> str:
    """Graphviz DOT for the class diagram, statements sorted so that the output is stable.

    Classes that share the same superclasses (three or more, such as the enumerations, each a
    skos:Concept and a schema:Enumeration) are boxed together, with one subclass arrow per
    shared superclass from the box, so that the diagram stays readable.
    """
    kgo_classes = set(_kgo_subjects(onto, OWL.Class))
    groups, edges = _diagram_groups_and_edges(onto, kgo_classes)
    grouped = {m for members, _ in groups for m in members}
    nodes = kgo_classes | {e[0] for e in edges} | {e[1] for e in edges} | {s for _, sups in groups for s in sups}
    lines = [
        "digraph ketagraph_ontology {",
        '  graph [rankdir=LR, compound=true, fontname="DejaVu Sans", fontsize=11, nodesep=0.2, ranksep=0.5, '
        f"tooltip={_quote(DIAGRAM_TITLE)}];",
        '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=12, '
        'fillcolor="#e8f0fb", color="#1d4f91", margin="0.12,0.04", height=0.3];',
        '  edge [fontname="DejaVu Sans", fontsize=10, color="#5b6570", fontcolor="#2b3138", arrowsize=0.7];',
    ]
    for node in sorted(nodes - grouped):
        lines.append(f"  {_node(onto, node)}")
    for n, (members, sups) in enumerate(groups):
        lines.extend(_cluster_lines(onto, n, members, sups))
    lines.extend(_edge_line(s, o, label) for s, o, label in sorted(edges))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _diagram_groups_and_edges(
    onto: Graph, kgo_classes: set[URIRef]
) -> tuple[list[tuple[list[URIRef], tuple[URIRef, ...]]], set[tuple[URIRef, URIRef, str]]]:
    """The boxed groups (members, shared superclasses) and the edges (subclass: empty label)."""
    supers = {cls: tuple(_sorted_members(onto, RDFS.subClassOf, cls)) for cls in kgo_classes}
    by_supers: dict[tuple[URIRef, ...], list[URIRef]] = {}
    for cls, sups in supers.items():
        if sups:
            by_supers.setdefault(sups, []).append(cls)
    groups = sorted((sorted(members), sups) for sups, members in by_supers.items() if len(members) >= 3)
    grouped = {m for members, _ in groups for m in members}
    edges: set[tuple[URIRef, URIRef, str]] = set()
    for cls in kgo_classes - grouped:
        for sup in supers[cls]:
            edges.add((cls, sup, ""))
    for prop in _kgo_subjects(onto, OWL.ObjectProperty):
        for d in _sorted_members(onto, RDFS.domain, prop):
            for r in _sorted_members(onto, RDFS.range, prop):
                edges.add((d, r, _label(onto, prop)))
    return groups, edges


def _cluster_lines(onto: Graph, n: int, members: list[URIRef], sups: tuple[URIRef, ...]) -> list[str]:
    """A box of classes that share their superclasses, and one subclass arrow per superclass."""
    names = ", ".join(curie(str(s)) for s in sups)
    lines = [f"  subgraph cluster_{n} {{"]
    lines.append(
        f'    graph [label={_quote("each a subclass of " + names)}, style="rounded,dashed", '
        'color="#8a94a0", fontsize=10, fontcolor="#2b3138"];'
    )
    lines.extend(f"    {_node(onto, m)}" for m in members)
    lines.append("  }")
    for sup in sups:
        lines.append(
            f"  {_quote(curie(str(members[0])))} -> {_quote(curie(str(sup)))} "
            f'[ltail=cluster_{n}, arrowhead=empty, style=dashed, tooltip="subclass of"];'
        )
    return lines


def _edge_line(s: URIRef, o: URIRef, label: str) -> str:
    if label:
        return f"  {_quote(curie(str(s)))} -> {_quote(curie(str(o)))} [label={_quote(label)}];"
    style = 'arrowhead=empty, style=dashed, tooltip="subclass of"'
    return f"  {_quote(curie(str(s)))} -> {_quote(curie(str(o)))} [{style}];"


def _node(onto: Graph, node: URIRef) -> str:
    iri = str(node)
    if iri.startswith(_KGO):
        attrs = {"label": _label(onto, node), "URL": "./#" + local_name(iri), "tooltip": curie(iri)}
    else:
        attrs = {"label": curie(iri), "URL": safe_href(iri) or "", "tooltip": iri}
        attrs.update(style="rounded,dashed", fillcolor="#ffffff")
    return f"{_quote(curie(iri))} [{', '.join(f'{k}={_quote(v)}' for k, v in attrs.items() if v)}];"


def dot_command() -> str:
    path = shutil.which("dot")
    if path is None:
        raise InputError.one(
            "the Graphviz `dot` program, which draws the ontology diagram, is not installed; "
            "install Graphviz (Debian: `apt-get install graphviz`) and publish again"
        )
    return path


def render_svg(dot_source: str, *, title: str = DIAGRAM_TITLE, description: str = "") -> bytes:
    """Render DOT with ``dot -Tsvg``; give the SVG a ``<title>`` and ``<desc>`` for screen readers."""
    proc = subprocess.run([dot_command(), "-Tsvg"], input=dot_source.encode(), capture_output=True, timeout=120)
    if proc.returncode != 0:
        raise InputError.one(f"Graphviz `dot` could not draw the ontology diagram: {proc.stderr.decode()[:300]}")
    svg = proc.stdout.decode()
    head = f'<title id="diagram-title">{escape(title)}</title>'
    if description:
        head += f'<desc id="diagram-desc">{escape(description)}</desc>'
    svg = re.sub(
        r"(<svg\b[^>]*?)>",
        lambda m: f'{m[1]} role="img" aria-labelledby="diagram-title{" diagram-desc" if description else ""}">\n{head}',
        svg,
        count=1,
    )
    return svg.encode()
