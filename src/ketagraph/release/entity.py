"""One entity's description: its own triples, the nodes it owns, and the names of what it cites.

Owned nodes are those that exist only as parts of the entity (a trial's arms, an arm's drug
administrations, a dose, an authorship); they are described in full. Every other node the
description mentions gets its types and name, so a reader of the result needs nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, Graph, URIRef

from ..errors import InputError
from ..reading.graph import new_graph
from ..vocab import KG, KGO, SDO, kg_iri

if TYPE_CHECKING:
    from ..reading.graph import Built

__all__ = ["OWNED_BY", "describe", "entity_iri"]

# Predicates that lead from an entity to a part that exists only inside it.
OWNED_BY = (KGO.hasArm, KGO.hasAdministration, KGO.dose, KGO.authorship)


def entity_iri(built: Built, ident: str) -> URIRef:
    """``ketamine``, ``kg:ketamine`` or the full IRI; it must be a node of the graph."""
    iri = URIRef(ident) if ident.startswith(("http://", "https://")) else kg_iri(ident.removeprefix("kg:"))
    if (iri, None, None) not in built.graph:
        raise InputError.one(f"'{ident}' is not an entity of the graph; ids are the `id:` values in data/")
    return iri


def describe(built: Built, iri: URIRef) -> Graph:
    g = built.graph
    out = new_graph()
    todo, seen = [iri], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in g.predicate_objects(node):
            out.add((node, p, o))
            if p in OWNED_BY and isinstance(o, URIRef):
                todo.append(o)
    for o in set(out.objects()) - seen:
        if isinstance(o, URIRef) and (o.startswith(str(KG)) or (o, RDFS.label, None) in g):
            for p in (RDF.type, SDO.name, RDFS.label):
                for v in g.objects(o, p):
                    out.add((o, p, v))
    return out
