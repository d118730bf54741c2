"""A checker for schema.org as schema.org defines it (design.md §2), used by the tests.

Reads the vocabulary file (release 30.0, copied from shared/vocab) and reports every
schema.org class or property the graph uses that the vocabulary does not define, and every
schema.org property used on a subject outside its ``schema:domainIncludes`` or with a value
outside its ``schema:rangeIncludes``. Subclasses count, and enumeration members count as
instances of their enumeration.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

SDO = "https://schema.org/"
_THING = URIRef(SDO + "Thing")
VOCAB = Path(__file__).resolve().parent / "resources" / "schemaorg-current-https.ttl"

# schema.org data types a literal of each XSD datatype belongs to (with their supertypes below).
_LITERAL_TYPES = {
    None: {"Text"},
    XSD.string: {"Text"},
    XSD.integer: {"Integer"},
    XSD.decimal: {"Number"},
    XSD.double: {"Number"},
    XSD.float: {"Number"},
    XSD.boolean: {"Boolean"},
    XSD.date: {"Date"},
    XSD.dateTime: {"DateTime"},
    XSD.time: {"Time"},
    XSD.anyURI: {"URL"},
}


@cache
def vocabulary() -> Graph:
    g = Graph()
    g.parse(VOCAB, format="turtle")
    return g


def _superclasses(graphs: tuple[Graph, ...], cls: URIRef) -> set[URIRef]:
    seen, todo = {cls}, [cls]
    while todo:
        c = todo.pop()
        for g in graphs:
            for sup in g.objects(c, RDFS.subClassOf):
                if isinstance(sup, URIRef) and sup not in seen:
                    seen.add(sup)
                    todo.append(sup)
    return seen


def check(graph: Graph, *, ontology: Graph | None = None) -> list[str]:
    """Every misuse of schema.org in ``graph``, as readable lines (empty when all is well)."""
    vocab = vocabulary()
    graphs = (vocab, ontology) if ontology is not None else (vocab,)
    problems: list[str] = []

    def types_of(node) -> set[URIRef]:
        direct = set(graph.objects(node, RDF.type)) | set(vocab.objects(node, RDF.type))
        out: set[URIRef] = set()
        for t in direct:
            out |= _superclasses(graphs, t)
        return out

    def is_class(iri: URIRef) -> bool:
        return (iri, RDF.type, RDFS.Class) in vocab

    def is_property(iri: URIRef) -> bool:
        return (iri, RDF.type, RDF.Property) in vocab

    for cls in set(graph.objects(None, RDF.type)):
        if str(cls).startswith(SDO) and not is_class(cls):
            problems.append(f"class {cls} is not defined by schema.org")

    for s, p, o in graph:
        if not str(p).startswith(SDO):
            continue
        if not is_property(p):
            problems.append(f"property {p} is not defined by schema.org (on {s})")
            continue
        domains = set(vocab.objects(p, URIRef(SDO + "domainIncludes")))
        if domains and _THING not in domains and not (types_of(s) & domains):
            problems.append(
                f"{p} used on {s}, typed {sorted(types_of(s) & _sdo_only(types_of(s)))}, outside its domain"
            )
        ranges = set(vocab.objects(p, URIRef(SDO + "rangeIncludes")))
        if ranges and not _in_range(o, ranges, types_of, graphs):
            problems.append(
                f"{p} on {s} has value {o!r}, outside its range {sorted(r.removeprefix(SDO) for r in ranges)}"
            )
    return sorted(problems)


def _sdo_only(types: set[URIRef]) -> set[URIRef]:
    return {t for t in types if str(t).startswith(SDO)}


def _in_range(o, ranges: set[URIRef], types_of, graphs: tuple[Graph, ...]) -> bool:
    names = {r.removeprefix(SDO) for r in ranges}
    if isinstance(o, Literal):
        kinds = set(_LITERAL_TYPES.get(o.datatype, set()))
        if o.language:
            kinds = {"Text"}
        expanded = set()
        for k in kinds:
            expanded |= {t.removeprefix(SDO) for t in _superclasses(graphs, URIRef(SDO + k))}
        return bool(expanded & names)
    # An IRI: a URL always; everything is a Thing; else a node of one of the range classes.
    if "URL" in names or "Thing" in names:
        return True
    return bool(types_of(o) & ranges)
