"""``ketagraph stats``: what the graph holds, for a curator checking their change."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef

from ..model import MATCH_RELATIONS
from ..vocab import KG, KGO, PROV

__all__ = ["Stats", "stats"]


@dataclass(frozen=True, slots=True)
class Stats:
    triples: int
    entities: int  # curated nodes (kg: IRIs)
    per_class: dict[str, int]  # compact class name -> curated nodes of that class
    claims_per_source: dict[str, int]  # compact document IRI -> claims derived from it
    external_identifiers: int  # distinct external IRIs linked by a skos:*Match

    def as_dict(self) -> dict:
        return {
            "triples": self.triples,
            "entities": self.entities,
            "entitiesPerClass": self.per_class,
            "claimsPerSource": self.claims_per_source,
            "externalIdentifiers": self.external_identifiers,
        }


def stats(graph: Graph) -> Stats:
    nm = graph.namespace_manager
    curated = {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(str(KG))}
    per_class = Counter(nm.normalizeUri(c) for s, c in graph.subject_objects(RDF.type) if s in curated)
    per_source = Counter(
        nm.normalizeUri(doc)
        for claim in graph.subjects(RDF.type, KGO.Claim)
        for doc in graph.objects(claim, PROV.wasDerivedFrom)
    )
    external = {o for p in MATCH_RELATIONS.values() for o in graph.objects(None, p)}
    return Stats(
        triples=len(graph),
        entities=len(curated),
        per_class=dict(sorted(per_class.items())),
        claims_per_source=dict(sorted(per_source.items())),
        external_identifiers=len(external),
    )
