"""What each page shows, as plain data for the templates: labels, links, claims, identifiers.

Every link is relative (the site works from any folder or host); every text is a plain string
that the templates escape. A URL from the data becomes a link only when it is http(s): anything
else (``urn:issn:…``, or a hostile ``javascript:``) is shown as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from rdflib import OWL, RDF, RDFS, Graph, Literal, Node, URIRef

from ..model import MATCH_RELATIONS
from ..schemes import scheme_of_iri
from ..vocab import KG, KGO, PROV, SDO, SKOS, curie, local_name
from .paths import is_published_iri, page_path, relative, site_path

if TYPE_CHECKING:
    from ..reading.graph import Built

__all__ = ["Link", "SiteModel", "humanise", "ontology_terms", "safe_href"]

_KGO = str(KGO._NS)
_SDO = str(SDO)
_MATCH_NAMES = {v: k for k, v in MATCH_RELATIONS.items()}
# Shown in their own places on a page, not in the table of statements.
_OWN_PLACE = {RDF.type, SDO.name, SDO.description, SDO.alternateName, SKOS.editorialNote, SDO.sameAs}
_OWN_PLACE |= set(MATCH_RELATIONS.values())


def humanise(local: str) -> str:
    """``signOrSymptom`` → ``sign or symptom``; ``MedicalCondition`` → ``medical condition``.

    >>> humanise("signOrSymptom"), humanise("MedicalCondition"), humanise("issn")
    ('sign or symptom', 'medical condition', 'issn')
    """
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).split()
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)


def safe_href(url: str) -> str | None:
    """``url`` if a browser may follow it from a link (http or https), else None."""
    return url if re.match(r"https?://", url, flags=re.I) and not re.search(r"[\s<>\"']", url) else None


_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


def _own(node: Node) -> TypeGuard[URIRef]:
    """Whether ``node`` is a term of the ketagraph ontology."""
    return isinstance(node, URIRef) and str(node).startswith(_KGO)


def _int(node: Node | None) -> int:
    """A literal's integer value, 0 when there is none."""
    return int(cast(Literal, node)) if node is not None else 0


def ontology_terms(onto: Graph) -> tuple[list[URIRef], list[URIRef], dict[URIRef, list[URIRef]]]:
    """The ontology's own classes, properties, and the members of each class (its individuals),
    sorted: what the ontology page lists, each under an anchor named after its local name."""
    classes = sorted({c for c in onto.subjects(RDF.type, OWL.Class) if _own(c)})
    properties = sorted({p for t in _PROPERTY_TYPES for p in onto.subjects(RDF.type, t) if _own(p)} - set(classes))
    members: dict[URIRef, list[URIRef]] = {}
    placed: set[URIRef] = set(classes) | set(properties)
    for cls in classes:
        for m in sorted(m for m in onto.subjects(RDF.type, cls) if _own(m)):
            if m not in placed:
                placed.add(m)
                members.setdefault(cls, []).append(m)
    return classes, properties, members


@dataclass(frozen=True, slots=True)
class Link:
    """A link (or plain text when ``href`` is None) with the words that say where it goes."""

    text: str
    href: str | None = None
    note: str = ""
    external: bool = False


@dataclass(slots=True)
class Statement:
    """One row of a page's table: a property (itself a link to its definition) and its values."""

    prop: Link
    values: list[Link | str] = field(default_factory=list)


class SiteModel:
    """Labels and links for the whole site, computed once; :meth:`entity` gives a page's data."""

    def __init__(self, built: Built, ontology: Graph, *, base_url: str) -> None:
        self.built = built
        self.graph = built.graph
        self.ontology = ontology
        self.base_url = base_url

    # --- names -------------------------------------------------------------------------------

    @cached_property
    def pages(self) -> list[URIRef]:
        return sorted(s for s in set(self.graph.subjects(SDO.name, None)) if is_published_iri(str(s)))

    @cached_property
    def _page_set(self) -> frozenset[URIRef]:
        return frozenset(self.pages)

    def has_page(self, node) -> bool:
        return node in self._page_set

    def name(self, node: URIRef) -> str:
        value = self.graph.value(node, SDO.name)
        return str(value) if value is not None else local_name(str(node))

    def term_label(self, iri: URIRef) -> str:
        """An ontology term's label, else the humanised local name of any other term."""
        for p in (RDFS.label, SKOS.prefLabel):
            value = self.ontology.value(iri, p)
            if value is not None:
                return str(value)
        return humanise(local_name(str(iri)))

    def curie(self, iri: str) -> str:
        return curie(iri)

    # --- links -------------------------------------------------------------------------------

    @cached_property
    def _ontology_anchors(self) -> frozenset[URIRef]:
        classes, properties, members = ontology_terms(self.ontology)
        return frozenset([*classes, *properties, *(m for ms in members.values() for m in ms)])

    def term_link(self, iri: URIRef, here: str) -> Link:
        """A class, property or enumeration member, linked to where it is defined (a kgo term
        that the ontology does not define is shown as text)."""
        text = self.term_label(iri)
        if str(iri).startswith(_KGO):
            anchored = iri in self._ontology_anchors
            return Link(text, relative("ontology/#" + local_name(str(iri)), here) if anchored else None)
        return Link(text, safe_href(str(iri)), external=True)

    def class_link(self, cls: URIRef, here: str) -> Link:
        """A class with its CURIE, so that kgo:Claim and schema:Claim read apart."""
        link = self.term_link(cls, here)
        return Link(link.text, link.href, note=self.curie(str(cls)), external=link.external)

    def node_link(self, node, here: str) -> Link | str:
        """A value: a page link, a term link, an external link, or text."""
        if isinstance(node, Literal):
            return str(node)
        if self.has_page(node):
            return Link(self.name(node), relative(page_path(str(node)), here))
        if str(node).startswith((_KGO, _SDO)):
            return self.term_link(node, here)
        if str(node).startswith(str(KG)):
            return Link(self.describe_unnamed(node))
        label = self.graph.value(node, RDFS.label)
        href = safe_href(str(node))
        text = str(label) if label is not None else str(node)
        return Link(text, href, note=self.identifier_text(str(node)) if label is not None else "", external=True)

    def describe_unnamed(self, node: URIRef) -> str:
        """Words for a minted node without a name or page: a journal issue, a dose."""
        g = self.graph
        value, unit = g.value(node, SDO.value), g.value(node, SDO.unitCode)
        if value is not None:
            return f"{value} {unit}" if unit is not None else str(value)
        issue, volume = g.value(node, SDO.issueNumber), g.value(node, SDO.volumeNumber)
        parent = g.value(node, SDO.isPartOf)
        if issue is not None and parent is not None:
            return f"issue {issue} of {self.describe_unnamed(parent)}"
        if volume is not None and parent is not None:
            return f"volume {volume} of {self.name(parent)}"
        agent = g.value(node, KGO.agent)
        if agent is not None:
            return f"{self.name(agent)} (author {g.value(node, KGO.authorPosition)})"
        return self.curie(str(node))

    def identifier_text(self, iri: str) -> str:
        scheme = scheme_of_iri(iri)
        if scheme is None:
            return iri
        local = iri[len(scheme.iri_prefix) :]
        if scheme.iri_suffix and local.endswith(scheme.iri_suffix):
            local = local[: -len(scheme.iri_suffix)]
        return f"{scheme.prefix}:{local}"

    # --- one entity ----------------------------------------------------------------------------

    def kinds(self, node: URIRef) -> list[URIRef]:
        """The node's classes: the ontology's first (they are the more specific), then schema.org's."""
        rank = lambda t: 0 if str(t).startswith(_KGO) else 1 if str(t).startswith(_SDO) else 2  # noqa: E731
        types = sorted(self.graph.objects(node, RDF.type), key=lambda t: (rank(t), str(t)))
        return [t for t in types if isinstance(t, URIRef)]

    def kind_label(self, node: URIRef) -> str:
        kinds = self.kinds(node)
        return self.term_label(kinds[0]) if kinds else "thing"

    def statements(self, node: URIRef, here: str) -> list[Statement]:
        rows: dict[URIRef, Statement] = {}
        objects: dict[URIRef, list] = {}
        shown = _OWN_PLACE | ({SDO.text} if self.is_claim(node) else set())  # a claim's text leads its page
        for p, o in self.graph.predicate_objects(node):
            if p not in shown:
                objects.setdefault(p, []).append(o)
        for p, values in objects.items():
            rows[p] = Statement(
                self.term_link(p, here), [self.node_link(o, here) for o in sorted(values, key=self._order)]
            )
        return sorted(rows.values(), key=lambda r: (r.prop.text, r.prop.href or ""))

    def incoming(self, node: URIRef, here: str) -> list[Statement]:
        """What links here, from other pages; claims about the node are listed on their own."""
        rows: dict[URIRef, Statement] = {}
        for s, p in self.graph.subject_predicates(node):
            if not self.has_page(s) or s == node or p in _OWN_PLACE:
                continue
            if p == SDO.about and self.is_claim(s):
                continue
            if p in (SDO.appearance, PROV.wasDerivedFrom, KGO.inSection) and self.is_claim(s):
                continue  # listed by section on the document's and the section's page
            row = rows.setdefault(p, Statement(self.term_link(p, here)))
            row.values.append(self.node_link(s, here))
        for row in rows.values():
            row.values.sort(key=_sort_key)
        return sorted(rows.values(), key=lambda r: (r.prop.text, r.prop.href or ""))

    def _order(self, node) -> tuple:
        """Parts in their order (sections by position), everything else by what it shows."""
        position = self.graph.value(node, SDO.position) if isinstance(node, URIRef) else None
        value = self.node_link(node, "")
        return (int(position) if position is not None else 1_000_000, *_sort_key(value))

    def is_claim(self, node) -> bool:
        return (node, RDF.type, SDO.Claim) in self.graph

    def identifiers(self, node: URIRef, here: str) -> list[dict[str, Any]]:
        out = []
        for p, o in self.graph.predicate_objects(node):
            if p not in _MATCH_NAMES:
                continue
            label = self.graph.value(o, RDFS.label)
            sources = sorted((self.node_link(s, here) for s in self.graph.objects(o, KGO.verifiedIn)), key=_sort_key)
            out.append(
                {
                    "relation": _MATCH_NAMES[p],
                    "relation_link": self.term_link(p, here),
                    "link": Link(self.identifier_text(str(o)), safe_href(str(o)), external=True),
                    "label": str(label) if label is not None else "",
                    "sources": sources,
                }
            )
        order = list(MATCH_RELATIONS)
        return sorted(out, key=lambda i: (order.index(i["relation"]), i["link"].text))

    # --- claims --------------------------------------------------------------------------------

    def claim_sort_key(self, claim: URIRef) -> tuple:
        g = self.graph
        section = g.value(claim, KGO.inSection)
        pos = g.value(section, SDO.position) if section is not None else None
        sentences = sorted(int(s) for s in g.objects(claim, KGO.sentence))
        source = g.value(claim, PROV.wasDerivedFrom)
        return (
            self.name(source) if source is not None else "",
            int(pos) if pos is not None else 1_000_000,
            _int(g.value(claim, KGO.paragraph)),
            _int(g.value(claim, KGO.bullet)),
            sentences[:1] or [0],
            str(claim),
        )

    def locator(self, claim: URIRef, *, section: bool = True) -> str:
        """Where in its source a claim rests, in words: section, paragraph or bullet, sentences."""
        g = self.graph
        parts = []
        in_section = g.value(claim, KGO.inSection)
        if section and in_section is not None:
            parts.append(f"section “{self.name(in_section)}”")
        for p, word in ((KGO.paragraph, "paragraph"), (KGO.bullet, "bullet")):
            value = g.value(claim, p)
            if value is not None:
                parts.append(f"{word} {value}")
        sentences = sorted(int(s) for s in g.objects(claim, KGO.sentence))
        if sentences:
            parts.append(("sentence " if len(sentences) == 1 else "sentences ") + ", ".join(map(str, sentences)))
        return ", ".join(parts)

    def claim_card(self, claim: URIRef, here: str, *, section: bool = True) -> dict[str, Any]:
        g = self.graph
        text = g.value(claim, SDO.text)
        source = g.value(claim, PROV.wasDerivedFrom)
        strength = g.value(claim, KGO.strength)
        category = g.value(claim, KGO.category)
        return {
            "link": self.node_link(claim, here),
            "text": str(text) if text is not None else self.name(claim),
            "source": self.node_link(source, here) if source is not None else None,
            "locator": self.locator(claim, section=section),
            "strength": self.term_link(strength, here) if strength is not None else None,
            "category": self.term_link(category, here) if category is not None else None,
        }

    def claims_about(self, node: URIRef, here: str, *, first: URIRef | None = None) -> list[dict[str, Any]]:
        """The claims about ``node``, grouped by the document that makes them (``first`` first)."""
        g = self.graph
        groups: dict[URIRef | None, list[URIRef]] = {}
        for c in g.subjects(SDO.about, node):
            if self.is_claim(c):
                groups.setdefault(g.value(c, PROV.wasDerivedFrom), []).append(c)
        order = sorted(groups, key=lambda d: (d != first, d is None, self.name(d).lower() if d is not None else ""))
        return [
            {
                "source": self.node_link(d, here) if d is not None else Link("No source recorded"),
                "claims": [self.claim_card(c, here) for c in sorted(groups[d], key=self.claim_sort_key)],
            }
            for d in order
        ]

    def claims_by_section(self, document: URIRef, here: str) -> list[dict[str, Any]]:
        """A document's claims, grouped by its sections in reading order."""
        g = self.graph
        claims = [c for c in g.subjects(PROV.wasDerivedFrom, document) if self.is_claim(c)]
        if not claims:
            return []
        groups: dict[URIRef | None, list[URIRef]] = {}
        for c in claims:
            groups.setdefault(g.value(c, KGO.inSection), []).append(c)
        sections = sorted(
            (s for s in g.subjects(SDO.isPartOf, document) if (s, RDF.type, KGO.DocumentSection) in g),
            key=lambda s: (_int(g.value(s, SDO.position)), str(s)),
        )
        out = []
        for section in [*sections, *(s for s in groups if s is not None and s not in sections)]:
            out.append(
                {
                    "section": self.node_link(section, here),
                    "claims": [
                        self.claim_card(c, here, section=False)
                        for c in sorted(groups.get(section, []), key=self.claim_sort_key)
                    ],
                }
            )
        if None in groups:
            out.append(
                {
                    "section": Link("Claims not placed in a section"),
                    "claims": [self.claim_card(c, here) for c in sorted(groups[None], key=self.claim_sort_key)],
                }
            )
        return out

    # --- the page ------------------------------------------------------------------------------

    def entity(self, node: URIRef, *, first_source: URIRef | None = None) -> dict[str, Any]:
        """Everything an entity page shows, as strings and :class:`Link` objects."""
        g = self.graph
        here = page_path(str(node))
        description = g.value(node, SDO.description)
        text = g.value(node, SDO.text)
        note = g.value(node, SKOS.editorialNote)
        path = site_path(str(node))
        return {
            "iri": str(node),
            "name": self.name(node),
            "kind": self.kind_label(node),
            "kinds": [self.class_link(t, here) for t in self.kinds(node)],
            "alt_names": sorted(str(a) for a in g.objects(node, SDO.alternateName)),
            "description": str(description) if description is not None else "",
            "text": str(text) if text is not None and self.is_claim(node) else "",
            "locator": self.locator(node) if self.is_claim(node) else "",
            "note": str(note) if note is not None else "",
            "statements": self.statements(node, here),
            "incoming": self.incoming(node, here),
            "claims": self.claims_about(node, here, first=first_source),
            "by_section": self.claims_by_section(node, here),
            "identifiers": self.identifiers(node, here),
            "turtle": relative(path + ".ttl", here),
            "jsonld": relative(path + ".jsonld", here),
        }

    def index_groups(self) -> list[dict[str, Any]]:
        """Every page, grouped by kind, for the index page."""
        groups: dict[str, list[Link]] = {}
        for node in self.pages:
            groups.setdefault(self.kind_label(node), []).append(Link(self.name(node), page_path(str(node))))
        return [
            {"kind": kind, "links": sorted(links, key=lambda link: (link.text.lower(), link.href or ""))}
            for kind, links in sorted(groups.items(), key=lambda kv: kv[0].lower())
        ]


def _sort_key(value: Link | str) -> tuple[str, str]:
    if isinstance(value, Link):
        return (value.text.lower(), value.href or "")
    return (value.lower(), "")
