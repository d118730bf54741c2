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

from ..reading.graph import Built, from_ox, new_graph
from ..vocab import DCAT, DCTERMS, SDO, SPDX, VOID, kg_iri, local_name

__all__ = ["DIST_BASE", "release_date", "void_graph"]

DIST_BASE = "https://w3id.org/ketagraph/dist/"
_RDF_TYPE = str(RDF.type)


def release_date(issued: Literal | None) -> dt.date | None:
    """``SOURCE_DATE_EPOCH`` when set (reproducible-builds convention), else the data's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return issued.toPython() if isinstance(issued, Literal) else None


def void_graph(built: Built, files: dict[str, tuple[str, bytes]]) -> Graph:
    """VoID + DCAT for the graph of ``built``; ``files`` maps a file name to (media type, content).

    The counts come from one pass over the graph stage's terms, not from an rdflib graph.
    """
    dataset = built.dataset
    dataset_iri = str(dataset)
    about: dict[str, list] = {}
    subjects, predicates, classes = set(), set(), Counter()
    for t in built.triples:
        subjects.add(t.subject)
        predicates.add(t.predicate.value)
        if t.predicate.value == _RDF_TYPE:
            classes[t.object.value] += 1
        if t.subject.value == dataset_iri:
            about.setdefault(t.predicate.value, []).append(from_ox(t.object))

    v = new_graph()
    v.add((dataset, RDF.type, VOID.Dataset))
    v.add((dataset, RDF.type, DCAT.Dataset))
    for p_src, p_dst in (
        (SDO.name, DCTERMS.title),
        (SDO.description, DCTERMS.description),
        (SDO.version, DCAT.version),
        (SDO.license, DCTERMS.license),
        (SDO.publisher, DCTERMS.publisher),
    ):
        for o in about.get(str(p_src), ()):
            v.add((dataset, p_dst, o))
    issued = release_date(next(iter(about.get(str(SDO.datePublished), ())), None))
    if issued:
        v.add((dataset, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))

    v.add((dataset, VOID.triples, Literal(len(built), datatype=XSD.integer)))
    v.add((dataset, VOID.distinctSubjects, Literal(len(subjects), datatype=XSD.integer)))
    v.add((dataset, VOID.properties, Literal(len(predicates), datatype=XSD.integer)))
    v.add((dataset, VOID.uriSpace, Literal(str(kg_iri("")))))
    v.add((dataset, VOID.classes, Literal(len(classes), datatype=XSD.integer)))
    slug = dataset.removeprefix(str(kg_iri("")))
    for cls, n in sorted(classes.items()):
        part = kg_iri(f"{slug}-class-{local_name(cls).lower()}-{_prefix_hint(cls)}")
        v.add((dataset, VOID.classPartition, part))
        v.add((part, VOID["class"], URIRef(cls)))
        v.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for ns in sorted({_namespace(p) for p in predicates}):
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


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _prefix_hint(iri: str) -> str:
    """Which vocabulary a class is from, so that schema:Claim and kgo:Claim get distinct partitions."""
    ns = _namespace(iri)
    return {"https://schema.org/": "schema", "https://w3id.org/ketagraph/ontology#": "kgo"}.get(
        ns, hashlib.sha256(ns.encode()).hexdigest()[:8]
    )
