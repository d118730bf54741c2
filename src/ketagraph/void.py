"""The release's self-description: VoID counts and DCAT distributions with sha256 checksums.

Dates come from the data (``dataset.issued``) or ``SOURCE_DATE_EPOCH``, never the clock, so
two builds of the same data describe themselves identically.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections import Counter

from rdflib import RDF, XSD, Graph, Literal, URIRef

from .graph import new_graph
from .vocab import DCAT, DCTERMS, SDO, SPDX, VOID, kg_iri

__all__ = ["DIST_BASE", "describe", "release_date"]

DIST_BASE = "https://w3id.org/ketagraph/dist/"


def release_date(graph: Graph, dataset: URIRef) -> dt.date | None:
    """``SOURCE_DATE_EPOCH`` when set (reproducible-builds convention), else the data's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    issued = graph.value(dataset, SDO.datePublished)
    return issued.toPython() if isinstance(issued, Literal) else None


def describe(graph: Graph, dataset: URIRef, files: dict[str, tuple[str, bytes]]) -> Graph:
    """VoID + DCAT for ``graph``; ``files`` maps a file name to (media type, content)."""
    v = new_graph()
    v.add((dataset, RDF.type, VOID.Dataset))
    v.add((dataset, RDF.type, DCAT.Dataset))
    for p_src, p_dst in (
        (SDO.name, DCTERMS.title),
        (SDO.description, DCTERMS.description),
        (SDO.version, DCAT.version),
    ):
        for o in graph.objects(dataset, p_src):
            v.add((dataset, p_dst, o))
    for o in graph.objects(dataset, SDO.license):
        v.add((dataset, DCTERMS.license, o))
    for o in graph.objects(dataset, SDO.publisher):
        v.add((dataset, DCTERMS.publisher, o))
    issued = release_date(graph, dataset)
    if issued:
        v.add((dataset, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))

    subjects = set(graph.subjects())
    v.add((dataset, VOID.triples, Literal(len(graph), datatype=XSD.integer)))
    v.add((dataset, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    v.add((dataset, VOID.properties, Literal(len(set(graph.predicates())), datatype=XSD.integer)))
    v.add((dataset, VOID.uriSpace, Literal(str(kg_iri("")))))
    classes = Counter(o for _, o in graph.subject_objects(RDF.type))
    v.add((dataset, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    slug = dataset.removeprefix(str(kg_iri("")))
    for cls, n in sorted(classes.items()):
        part = kg_iri(f"{slug}-class-{_local(cls).lower()}-{_prefix_hint(cls)}")
        v.add((dataset, VOID.classPartition, part))
        v.add((part, VOID["class"], cls))
        v.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for ns in sorted({_namespace(p) for p in graph.predicates()}):
        v.add((dataset, VOID.vocabulary, URIRef(ns)))

    for name, (media_type, content) in sorted(files.items()):
        dist = kg_iri(f"{slug}-distribution-{name.replace('.', '-').lower()}")
        v.add((dataset, DCAT.distribution, dist))
        v.add((dist, RDF.type, DCAT.Distribution))
        v.add((dist, DCTERMS.title, Literal(name)))
        v.add((dist, DCAT.downloadURL, URIRef(DIST_BASE + name)))
        v.add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/" + media_type)))
        v.add((dist, DCAT.byteSize, Literal(len(content), datatype=XSD.nonNegativeInteger)))
        checksum = kg_iri(f"{slug}-distribution-{name.replace('.', '-').lower()}-sha256")
        v.add((dist, SPDX.checksum, checksum))
        v.add((checksum, RDF.type, SPDX.Checksum))
        v.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        v.add((checksum, SPDX.checksumValue, Literal(hashlib.sha256(content).hexdigest(), datatype=XSD.hexBinary)))
    return v


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _prefix_hint(iri: str) -> str:
    """Which vocabulary a class is from, so that schema:Claim and kgo:Claim get distinct partitions."""
    ns = _namespace(iri)
    return {"https://schema.org/": "schema", "https://w3id.org/ketagraph/ontology#": "kgo"}.get(
        ns, hashlib.sha256(ns.encode()).hexdigest()[:8]
    )
