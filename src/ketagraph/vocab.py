"""Namespaces and the one prefix map used by every stage and export.

The ``kgo`` namespace is closed (``_fail = True``): a misspelt ontology term raises
instead of silently minting a new IRI. The schema.org terms are checked against the
vocabulary file by the test-suite, not here, so that importing this module stays cheap.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

if TYPE_CHECKING:
    import curies

__all__ = [
    "DCAT",
    "DCTERMS",
    "KG",
    "KGO",
    "PREFIXES",
    "PROV",
    "SDO",
    "SKOS",
    "VOID",
    "converter",
    "curie",
    "expand_curie",
    "kg_iri",
    "local_name",
]

KG = Namespace("https://w3id.org/ketagraph/id/")
SDO = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VOID = Namespace("http://rdfs.org/ns/void#")
SPDX = Namespace("http://spdx.org/rdf/terms#")


class KGO(DefinedNamespace):
    """The ketagraph ontology (``ontology/ketagraph.ttl``)."""

    _NS = Namespace("https://w3id.org/ketagraph/ontology#")
    _fail = True

    # classes
    Claim: URIRef
    Attribution: URIRef
    DocumentSection: URIRef
    Authorship: URIRef
    MechanismOfAction: URIRef
    BiologicalProcess: URIRef
    StudyGroup: URIRef
    PatientProfile: URIRef
    ResearchQuestion: URIRef
    AdverseEffect: URIRef
    RouteOfAdministration: URIRef
    ReferenceSource: URIRef
    EvidenceStrength: URIRef
    ClaimCategory: URIRef
    MechanismAction: URIRef
    TrialArm: URIRef
    DrugAdministration: URIRef
    SystematicReview: URIRef
    InclusionLink: URIRef
    RiskOfBiasJudgement: URIRef
    StatementGraph: URIRef
    Allocation: URIRef
    ArmRole: URIRef
    LinkStatus: URIRef
    RiskOfBias: URIRef
    ResultDirection: URIRef
    # properties
    authorship: URIRef
    agent: URIRef
    authorPosition: URIRef
    publicationYear: URIRef
    dateReceived: URIRef
    dateAccepted: URIRef
    hasMechanism: URIRef
    actionType: URIRef
    actsOn: URIRef
    involves: URIRef
    subtypeOf: URIRef
    quality: URIRef
    treatsCondition: URIRef
    mayBenefit: URIRef
    route: URIRef
    studyDesign: URIRef
    deliveryMethod: URIRef
    category: URIRef
    strength: URIRef
    inSection: URIRef
    paragraph: URIRef
    bullet: URIRef
    sentence: URIRef
    relatedClaim: URIRef
    hasAttribution: URIRef
    attributedTo: URIRef
    assertedBy: URIRef
    basis: URIRef
    sourceKey: URIRef
    verifiedIn: URIRef
    traditionalUse: URIRef
    allocation: URIRef
    setting: URIRef
    population: URIRef
    participantsEnrolled: URIRef
    participantsCompleted: URIRef
    participants: URIRef
    primaryOutcome: URIRef
    timepointMinutes: URIRef
    reportedIn: URIRef
    reportedAdverseEffect: URIRef
    hasArm: URIRef
    armOf: URIRef
    armRole: URIRef
    hasAdministration: URIRef
    administrationOf: URIRef
    administeredDrug: URIRef
    dose: URIRef
    schedule: URIRef
    reviewQuestion: URIRef
    databaseSearched: URIRef
    searchedUpTo: URIRef
    recordsScreened: URIRef
    studiesIncluded: URIRef
    participantsTotal: URIRef
    riskOfBiasMethod: URIRef
    trialsAtLowRisk: URIRef
    trialsAtUnclearRisk: URIRef
    trialsAtHighRisk: URIRef
    conclusion: URIRef
    limitation: URIRef
    includingReview: URIRef
    includedTrial: URIRef
    linkStatus: URIRef
    assessingReview: URIRef
    assessedTrial: URIRef
    judgement: URIRef
    resultDirection: URIRef
    disagreesWith: URIRef
    statementGraph: URIRef
    # allocations, arm roles, link statuses, risk-of-bias levels, result directions
    ParallelGroup: URIRef
    Crossover: URIRef
    InterventionArm: URIRef
    ComparatorArm: URIRef
    Stated: URIRef
    Inferred: URIRef
    LowRisk: URIRef
    UnclearRisk: URIRef
    HighRisk: URIRef
    RiskNotKnown: URIRef
    FavoursIntervention: URIRef
    NoDifference: URIRef
    FavoursComparator: URIRef
    MixedResult: URIRef
    # evidence strengths
    Established: URIRef
    Promising: URIRef
    Mixed: URIRef
    Limited: URIRef
    Inconclusive: URIRef
    Uncertain: URIRef
    # claim categories
    Background: URIRef
    Epidemiology: URIRef
    Pharmacology: URIRef
    Mechanism: URIRef
    Efficacy: URIRef
    Safety: URIRef
    PatientSelection: URIRef
    OpenQuestion: URIRef
    FutureDirection: URIRef
    Conclusion: URIRef
    # mechanism actions
    Blocks: URIRef
    Modulates: URIRef
    Influences: URIRef
    MayInterrupt: URIRef
    # outcomes, results per arm and comparisons (issue 13)
    OutcomeMeasure: URIRef
    ArmResult: URIRef
    Comparison: URIRef
    OutcomeImportance: URIRef
    StatisticType: URIRef
    Significance: URIRef
    ReportedItem: URIRef
    PrimaryOutcome: URIRef
    SecondaryOutcome: URIRef
    Mean: URIRef
    Median: URIRef
    Proportion: URIRef
    Percentage: URIRef
    Count: URIRef
    StandardDeviation: URIRef
    InterquartileRange: URIRef
    ConfidenceInterval: URIRef
    Range: URIRef
    MeanDifference: URIRef
    MedianDifference: URIRef
    UnspecifiedDifference: URIRef
    Significant: URIRef
    NotSignificant: URIRef
    SignificanceNotStated: URIRef
    NumberAnalysedItem: URIRef
    CentralValueItem: URIRef
    CentralKindItem: URIRef
    SpreadItem: URIRef
    EffectValueItem: URIRef
    IntervalItem: URIRef
    PValueItem: URIRef
    TimePointItem: URIRef
    outcomeOf: URIRef
    hasOutcome: URIRef
    measuredProperty: URIRef
    instrument: URIRef
    scaleUnit: URIRef
    measuredAtMinutes: URIRef
    timeWindow: URIRef
    outcomeImportance: URIRef
    notReported: URIRef
    resultFor: URIRef
    resultArm: URIRef
    numberAnalysed: URIRef
    centralValue: URIRef
    centralKind: URIRef
    percentageValue: URIRef
    spreadKind: URIRef
    spreadLow: URIRef
    spreadHigh: URIRef
    pValue: URIRef
    pValueAsReported: URIRef
    finding: URIRef
    comparisonInTrial: URIRef
    comparedArm: URIRef
    referenceArm: URIRef
    effectMeasure: URIRef
    effectValue: URIRef
    intervalKind: URIRef
    intervalLevel: URIRef
    intervalLow: URIRef
    intervalHigh: URIRef
    favoursArm: URIRef
    significance: URIRef
    disagreesWithResult: URIRef


# One prefix map for Turtle, TriG, JSON-LD contexts and reports. Order is fixed, so
# every serialisation that lists prefixes lists them the same way.
PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kgo": str(KGO._NS),
    "schema": str(SDO),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "spdx": str(SPDX),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "obo": "http://purl.obolibrary.org/obo/",
    "mesh": "http://id.nlm.nih.gov/mesh/",
    "wd": "http://www.wikidata.org/entity/",
}


def kg_iri(slug: str) -> URIRef:
    """The IRI of a curated instance: ``https://w3id.org/ketagraph/id/{slug}``."""
    return KG[slug]


@functools.cache
def converter() -> curies.Converter:
    """:data:`PREFIXES` as a ``curies.Converter``, built on first use (curies is slow to import)."""
    import curies

    return curies.Converter.from_prefix_map(PREFIXES)


def curie(iri: str) -> str:
    """``iri`` as ``prefix:local`` where a namespace of :data:`PREFIXES` starts it and leaves a
    local part, else ``iri`` itself.

    >>> curie("https://schema.org/Drug"), curie("https://schema.org/"), curie("urn:x")
    ('schema:Drug', 'https://schema.org/', 'urn:x')
    """
    ref = converter().parse_uri(iri)
    return f"{ref.prefix}:{ref.identifier}" if ref is not None and ref.identifier else iri


def expand_curie(value: str) -> str:
    """``prefix:local`` with a prefix of :data:`PREFIXES` as a full IRI, anything else unchanged.

    >>> expand_curie("xsd:integer"), expand_curie("@id"), expand_curie("https://schema.org/Drug")
    ('http://www.w3.org/2001/XMLSchema#integer', '@id', 'https://schema.org/Drug')
    """
    if ":" not in value:
        return value
    return converter().expand(value, passthrough=True) or value


def local_name(iri: str) -> str:
    """The part of ``iri`` after its last ``#`` or ``/``: ``kgo:Claim``'s ``Claim``."""
    return re.split(r"[#/]", iri)[-1]
