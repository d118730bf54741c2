"""schema.org JSON-LD for web pages: an entity's description as search engines read it.

Each page carries a ``MedicalWebPage`` whose ``about`` and ``mainEntity`` is the entity, with
``citation`` (the documents its statements come from) and ``lastReviewed`` (the dataset's
``issued`` date). Only schema.org terms appear, within their domains and ranges (design.md §2):

- a node's types are its schema.org classes; a node with only ``kgo:`` classes gets the
  schema.org classes the ontology puts above them (``rdfs:subClassOf``), else ``Thing``;
- a statement is kept when its predicate is a schema.org property, or a ``kgo:`` property the
  ontology declares ``rdfs:subPropertyOf`` one (it is then written as that property);
- the claims about the entity appear as its ``subjectOf`` (the inverse of the claims'
  ``about``), each with its text and the document it appears in.

Nothing else of the graph is dropped silently: the page shows it all, and the ``.ttl`` and
``.jsonld`` beside the page carry the full description.

The JSON is written for the inside of ``<script type="application/ld+json">``: ``<``, ``>``
and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026``, and U+2028/U+2029 are escaped, so no
text from the data can close the script element, open a comment, or end a line in an old
JavaScript parser. The JSON still parses to the same strings.

>>> script_json({"name": "</script><!--\\u2028"})
'{\\n  "name": "\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u2028"\\n}'
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

from ..errors import InputError
from ..vocab import KG, KGO, PROV, SDO
from .paths import DEFAULT_BASE_URL, is_published_iri, page_url

if TYPE_CHECKING:
    from ..reading.graph import Built

__all__ = [
    "SCHEMA_CONTEXT",
    "URL_PROPERTIES",
    "SchemaOrgView",
    "article_jsonld",
    "article_snippet",
    "entity_snippet",
    "find_review_article",
    "most_discussed",
    "page_jsonld",
    "review_article",
    "script_block",
    "script_json",
]

SCHEMA_CONTEXT = "https://schema.org"
_SDO = str(SDO)

# schema.org properties whose range includes URL and not Text: their IRI values are written as
# plain strings, as search engines' examples write them (schema.org's context reads them as IRIs).
# Every other IRI value is a node reference {"@id": ...}, an IRI whatever the context says.
URL_PROPERTIES = frozenset({SDO.sameAs, SDO.url, SDO.license, SDO.contentUrl})

_UNSAFE_IN_SCRIPT = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(doc: Any) -> str:
    """``doc`` as JSON that is safe inside an HTML ``<script>`` element (sorted keys, stable)."""
    text = json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _UNSAFE_IN_SCRIPT[m[0]], text)


def script_block(doc: Any) -> str:
    """The ``<script type="application/ld+json">`` element a publisher pastes into a page."""
    return f'<script type="application/ld+json">\n{script_json(doc)}\n</script>\n'


class SchemaOrgView:
    """The graph as schema.org sees it: schema.org types and statements only, as JSON-LD trees."""

    def __init__(self, built: Built, ontology: Graph) -> None:
        self.built = built
        self.graph = built.graph
        self.ontology = ontology

    @cached_property
    def _super_properties(self) -> dict[URIRef, URIRef]:
        """kgo properties declared (transitively) a sub-property of a schema.org property."""
        out: dict[URIRef, URIRef] = {}
        for prop in set(self.ontology.subjects(RDFS.subPropertyOf, None)):
            if not isinstance(prop, URIRef) or str(prop).startswith(_SDO):
                continue
            seen, todo = {prop}, [prop]
            while todo:
                p = todo.pop()
                for sup in sorted(self.ontology.objects(p, RDFS.subPropertyOf)):
                    if isinstance(sup, URIRef) and str(sup).startswith(_SDO):
                        out.setdefault(prop, sup)
                    elif isinstance(sup, URIRef) and sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
        return out

    def _schema_superclasses(self, cls: URIRef) -> set[URIRef]:
        """The nearest schema.org classes above ``cls`` in the ontology."""
        found: set[URIRef] = set()
        seen, todo = {cls}, [cls]
        while todo:
            c = todo.pop()
            for sup in self.ontology.objects(c, RDFS.subClassOf):
                if not isinstance(sup, URIRef) or sup in seen:
                    continue
                seen.add(sup)
                if str(sup).startswith(_SDO):
                    found.add(sup)
                elif sup != OWL.Thing:
                    todo.append(sup)
        return found

    def types(self, node: URIRef) -> list[URIRef]:
        """schema.org classes of ``node``: its own, else those the ontology implies, else Thing."""
        own = {t for t in self.graph.objects(node, RDF.type) if str(t).startswith(_SDO)}
        if not own:
            for t in self.graph.objects(node, RDF.type):
                own |= self._schema_superclasses(t)
        if not own and str(node).startswith(_SDO):
            return []  # a schema.org enumeration member: schema.org types it itself
        return sorted(own) or [SDO.Thing]

    def statements(self, node: URIRef) -> list[tuple[URIRef, URIRef | Literal]]:
        """(schema.org property, value) for ``node``, sorted; rdf:type is left to :meth:`types`."""
        out = set()
        for p, o in self.graph.predicate_objects(node):
            if p == RDF.type:
                continue
            if str(p).startswith(_SDO):
                out.add((p, o))
            elif p in self._super_properties:
                out.add((self._super_properties[p], o))
        return sorted(out)

    def name(self, node: URIRef) -> str | None:
        value = self.graph.value(node, SDO.name)
        return str(value) if value is not None else None

    def reference(self, node: URIRef, *, seen: frozenset = frozenset()) -> dict[str, Any]:
        """A node as a value: its id, types and name; minted parts without a name (a journal
        issue, a quantity) are described in full, because they have no page of their own."""
        if str(node).startswith(str(KG)) and self.name(node) is None and node not in seen:
            return self.tree(node, seen=seen)
        ref: dict[str, Any] = {"@id": str(node)}
        types = self.types(node) if (node, None, None) in self.graph else []
        if types:
            ref["@type"] = _compact_types(types)
        name = self.name(node)
        if name is not None:
            ref["name"] = name
        return ref

    def tree(self, node: URIRef, *, seen: frozenset = frozenset()) -> dict[str, Any]:
        """``node`` with every schema.org statement; values are references (see :meth:`reference`)."""
        seen = seen | {node}
        out: dict[str, Any] = {"@id": str(node), "@type": _compact_types(self.types(node))}
        grouped: dict[str, list[Any]] = {}
        for p, o in self.statements(node):
            grouped.setdefault(_term(p), []).append(self.value(p, o, seen=seen))
        for key, values in grouped.items():
            out[key] = values[0] if len(values) == 1 else values
        return out

    def value(self, p: URIRef, o: URIRef | Literal, *, seen: frozenset = frozenset()) -> Any:
        if isinstance(o, Literal):
            return _literal(o)
        if p in URL_PROPERTIES:
            return str(o)
        return self.reference(o, seen=seen)

    def claims_about(self, node: URIRef) -> list[URIRef]:
        return sorted(c for c in self.graph.subjects(SDO.about, node) if (c, RDF.type, SDO.Claim) in self.graph)

    def claim(self, claim: URIRef) -> dict[str, Any]:
        """A claim for ``subjectOf``: what it says, where it appears, what it is about."""
        tree = self.tree(claim)
        return {k: v for k, v in tree.items() if k in ("@id", "@type", "name", "text", "appearance", "about")}

    def citations(self, node: URIRef) -> list[URIRef]:
        """The documents behind what a page says about ``node``."""
        g = self.graph
        docs: set[URIRef] = set()
        for claim in [*self.claims_about(node), *([node] if (node, RDF.type, SDO.Claim) in g else [])]:
            docs.update(o for o in g.objects(claim, SDO.appearance) if isinstance(o, URIRef))
        for p in (SDO.subjectOf, SDO.citation, SDO.isBasedOn):
            docs.update(o for o in g.objects(node, p) if isinstance(o, URIRef))
        if (node, PROV.wasDerivedFrom, None) in g and (node, RDF.type, SDO.Claim) not in g:
            docs.update(o for o in g.objects(node, PROV.wasDerivedFrom) if _is_document(g, o))
        if _is_document(g, node):
            docs.add(node)
        return sorted(d for d in docs if _is_document(g, d))


def _is_document(g: Graph, node) -> bool:
    """A document a page may cite: a creative work with a page, not a part of one (a section)."""
    types = set(g.objects(node, RDF.type))
    return (
        isinstance(node, URIRef)
        and bool({SDO.CreativeWork, SDO.Article, SDO.ScholarlyArticle} & types)
        and KGO.DocumentSection not in types
        and KGO.ReferenceSource not in types
    )


def _term(iri: URIRef) -> str:
    return str(iri)[len(_SDO) :]


def _compact_types(types: list[URIRef]) -> str | list[str]:
    names = [_term(t) for t in types]
    return names[0] if len(names) == 1 else names


def _literal(o: Literal) -> Any:
    if o.datatype in (XSD.integer, XSD.int, XSD.nonNegativeInteger):
        return int(o)
    if o.datatype == XSD.boolean:
        return bool(o.toPython())
    return str(o)


def _issued(built: Built) -> str | None:
    issued = built.graph.value(built.dataset, SDO.datePublished)
    return str(issued) if issued is not None else None


def page_jsonld(
    view: SchemaOrgView,
    node: URIRef,
    *,
    base_url: str = DEFAULT_BASE_URL,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``MedicalWebPage`` of ``node``'s page on the published site."""
    built, g = view.built, view.graph
    url = page_url(str(node), base_url)
    main = view.tree(node)
    claims = [view.claim(c) for c in view.claims_about(node)]
    if claims:
        own = main.get("subjectOf", [])
        main["subjectOf"] = [*(own if isinstance(own, list) else [own]), *claims]
    if extra:
        main.update(extra)
    doc: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": view.name(node) or str(node),
        "inLanguage": "en",
        "about": {"@id": str(node)},
        "mainEntity": main,
        "isPartOf": website(base_url),
    }
    description = g.value(node, SDO.description)
    if description is not None:
        doc["description"] = str(description)
    issued = _issued(built)
    if issued:
        doc["lastReviewed"] = issued
    citations = [view.reference(d) for d in view.citations(node)]
    if citations:
        doc["citation"] = citations
    licence = g.value(built.dataset, SDO.license)
    if licence is not None:
        doc["license"] = str(licence)
    publisher = g.value(built.dataset, SDO.publisher)
    if isinstance(publisher, URIRef):
        doc["publisher"] = view.reference(publisher)
    return doc


def website(base_url: str) -> dict[str, Any]:
    return {"@id": base_url, "@type": "WebSite", "name": "ketagraph", "url": base_url}


def find_review_article(built: Built) -> URIRef | None:
    """The article the graph is about: the document that most of its claims come from (None
    when the data has no claims)."""
    counts = Counter(
        o for c in built.graph.subjects(RDF.type, KGO.Claim) for o in built.graph.objects(c, PROV.wasDerivedFrom)
    )
    return min(counts, key=lambda d: (-counts[d], str(d))) if counts else None


def review_article(built: Built) -> URIRef:
    """:func:`find_review_article`, or an error that says why there is none."""
    article = find_review_article(built)
    if article is None:
        raise InputError.one("the data has no claims, so there is no review article to describe")
    return article


def most_discussed(view: SchemaOrgView, article: URIRef, cls: URIRef) -> URIRef | None:
    g = view.graph
    counts = Counter(
        o
        for c in g.subjects(PROV.wasDerivedFrom, article)
        if (c, RDF.type, SDO.Claim) in g
        for o in g.objects(c, SDO.about)
        if (o, RDF.type, cls) in g
    )
    return min(counts, key=lambda x: (-counts[x], str(x))) if counts else None


def article_jsonld(view: SchemaOrgView) -> dict[str, Any]:
    """The ``MedicalWebPage`` for the review article's own page: about the drug and the condition
    most of its claims are about (ketamine, migraine), citing what the article cites."""
    g = view.graph
    article = review_article(view.built)
    about = [x for x in (most_discussed(view, article, c) for c in (SDO.Drug, SDO.MedicalCondition)) if x]
    main = view.tree(article)
    doc: dict[str, Any] = {
        "@context": SCHEMA_CONTEXT,
        "@type": "MedicalWebPage",
        "inLanguage": str(g.value(article, SDO.inLanguage) or "en"),
        "name": str(g.value(article, SDO.headline) or view.name(article) or article),
        "mainEntity": main,
    }
    url = g.value(article, SDO.url)
    if url is not None:
        doc["url"] = str(url)
    description = g.value(article, SDO.description)
    if description is not None:
        doc["description"] = str(description)
    if about:
        doc["about"] = [_about(view, x) for x in about]
    cited = sorted(o for o in g.objects(article, SDO.citation) if isinstance(o, URIRef))
    if cited:
        doc["citation"] = [_about(view, c) for c in cited]
    return doc


def _about(view: SchemaOrgView, node: URIRef) -> dict[str, Any]:
    """A node with its name, description and same-as links: enough for a search engine."""
    keep = ("@id", "@type", "name", "alternateName", "description", "sameAs", "headline", "datePublished")
    tree = view.tree(node)
    return {k: v for k, v in tree.items() if k in keep}


def _view(built: Built) -> SchemaOrgView:
    from ..checking.shacl import load_ontology

    return SchemaOrgView(built, load_ontology())


def entity_snippet(built: Built, iri: URIRef, *, base_url: str = DEFAULT_BASE_URL) -> str:
    """The script block of the entity's page (``ketagraph snippet ENTITY``)."""
    if not is_published_iri(str(iri)) or (iri, SDO.name, None) not in built.graph:
        raise InputError.one(f"'{iri}' has no page: only curated entities with a `label:` get one")
    return script_block(page_jsonld(_view(built), iri, base_url=base_url))


def article_snippet(built: Built) -> str:
    """The script block for the review article's own web page (``ketagraph snippet --article``)."""
    return script_block(article_jsonld(_view(built)))
