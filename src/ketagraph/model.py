"""The YAML schema: which top-level kinds a data file may hold, their keys, and the RDF each becomes.

This table is the single mapping between what curators write and the graph. The loader checks
keys and types against it, the linker resolves references with it, the graph stage emits
triples from it, and the JSON-LD context is generated from it. What each key means is said in
``data/README.md``, by hand.
What a value *means* (required, cardinality, allowed classes) is checked by SHACL in
``shapes/``; this table only says what must hold for a triple to exist at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from rdflib import RDFS, XSD, URIRef

from .vocab import KGO, PROV, SDO, SKOS

__all__ = [
    "COMMON_FIELDS",
    "DATATYPES",
    "KINDS",
    "MATCH_RELATIONS",
    "NODE_KINDS",
    "SLUG_PATTERN",
    "VOICE_KEYS",
    "Field",
    "Kind",
    "fields_by_key",
]

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"

FieldType = Literal[
    "id",  # the record's own slug
    "text",  # xsd:string literal
    "integer",  # xsd:integer
    "decimal",  # xsd:decimal
    "date",  # xsd:date, written YYYY-MM-DD
    "year",  # xsd:gYear, written YYYY
    "url",  # an http(s) IRI as the object
    "ref",  # the id of another record; becomes its kg: IRI
    "enum",  # one of a fixed set of words; becomes an IRI
    "curie",  # an external identifier; becomes its canonical IRI (must be in the register)
    "yearmonth",  # xsd:gYearMonth, written YYYY-MM
    "quantity",  # {value: number, unit: UCUM code} -> a minted schema:QuantitativeValue node
    "unit",  # a UCUM code (inside a quantity)
    "identifiers",  # mapping relation -> list of CURIEs (skos:*Match, schema:sameAs for exact)
    "authors",  # ordered list of person/organisation ids (schema:author + kgo:Authorship nodes)
]

# The datatype of each field type that becomes a typed literal: the graph types its literals
# with it and the JSON-LD context coerces its terms to it.
DATATYPES: dict[str, URIRef] = {
    "integer": XSD.integer,
    "decimal": XSD.decimal,
    "date": XSD.date,
    "year": XSD.gYear,
    "yearmonth": XSD.gYearMonth,
}


@dataclass(frozen=True, slots=True)
class Field:
    """One YAML key of a kind, and the predicate it becomes."""

    key: str
    type: FieldType
    predicate: URIRef | None = None
    many: bool = False
    targets: tuple[str, ...] = ()  # kinds a "ref" may point to; () means any node kind
    values: Mapping[str, URIRef] = field(default_factory=dict)  # for "enum"
    inverse: URIRef | None = None  # also emitted from the target back to this record
    also: tuple[URIRef, ...] = ()  # further predicates that carry the same value
    doc: str = ""


@dataclass(frozen=True, slots=True)
class Kind:
    """A top-level YAML key (``drugs:``) whose items become nodes of ``classes``."""

    key: str
    # Every node gets all of these types: a kgo class and the schema.org class it refines,
    # because schema.org consumers do not run RDFS inference.
    classes: tuple[URIRef, ...]
    fields: tuple[Field, ...]
    doc: str
    node: bool = True  # False for the identifier register, which describes external IRIs
    single: bool = False  # the kind holds one mapping, not a list (``dataset:``)

    def field(self, key: str) -> Field | None:
        return fields_by_key(self.key).get(key)

    @property
    def all_fields(self) -> tuple[Field, ...]:
        return (COMMON_FIELDS if self.node else ()) + self.fields


MATCH_RELATIONS: dict[str, URIRef] = {
    "exact": SKOS.exactMatch,
    "close": SKOS.closeMatch,
    "broad": SKOS.broadMatch,
    "narrow": SKOS.narrowMatch,
    "related": SKOS.relatedMatch,
}

STRENGTHS = {
    "established": KGO.Established,
    "promising": KGO.Promising,
    "mixed": KGO.Mixed,
    "limited": KGO.Limited,
    "inconclusive": KGO.Inconclusive,
    "uncertain": KGO.Uncertain,
}
CATEGORIES = {
    "background": KGO.Background,
    "epidemiology": KGO.Epidemiology,
    "pharmacology": KGO.Pharmacology,
    "mechanism": KGO.Mechanism,
    "efficacy": KGO.Efficacy,
    "safety": KGO.Safety,
    "patient-selection": KGO.PatientSelection,
    "open-question": KGO.OpenQuestion,
    "future-direction": KGO.FutureDirection,
    "conclusion": KGO.Conclusion,
}
ACTIONS = {
    "blocks": KGO.Blocks,
    "modulates": KGO.Modulates,
    "influences": KGO.Influences,
    "may-interrupt": KGO.MayInterrupt,
}
TRIAL_DESIGNS = {
    "randomized": SDO.RandomizedTrial,
    "double-blinded": SDO.DoubleBlindedTrial,
    "single-blinded": SDO.SingleBlindedTrial,
    "placebo-controlled": SDO.PlaceboControlledTrial,
    "open": SDO.OpenTrial,
    "multi-center": SDO.MultiCenterTrial,
    "single-center": SDO.SingleCenterTrial,
}
ALLOCATIONS = {"parallel-group": KGO.ParallelGroup, "crossover": KGO.Crossover}
ARM_ROLES = {"intervention": KGO.InterventionArm, "comparator": KGO.ComparatorArm}
LINK_STATUSES = {"stated": KGO.Stated, "inferred": KGO.Inferred}
RISK_OF_BIAS = {"low": KGO.LowRisk, "unclear": KGO.UnclearRisk, "high": KGO.HighRisk, "not-known": KGO.RiskNotKnown}
DIRECTIONS = {
    "favours-intervention": KGO.FavoursIntervention,
    "no-difference": KGO.NoDifference,
    "favours-comparator": KGO.FavoursComparator,
    "mixed": KGO.MixedResult,
}

# Outcomes, results per arm and comparisons (issue 13): the statistics' kinds are one scheme.
OUTCOME_IMPORTANCE = {"primary": KGO.PrimaryOutcome, "secondary": KGO.SecondaryOutcome}
CENTRAL_KINDS = {
    "mean": KGO.Mean,
    "median": KGO.Median,
    "proportion": KGO.Proportion,
    "percentage": KGO.Percentage,
    "count": KGO.Count,
}
SPREAD_KINDS = {
    "sd": KGO.StandardDeviation,
    "iqr": KGO.InterquartileRange,
    "ci": KGO.ConfidenceInterval,
    "range": KGO.Range,
}
EFFECT_MEASURES = {
    "mean-difference": KGO.MeanDifference,
    "median-difference": KGO.MedianDifference,
    "difference": KGO.UnspecifiedDifference,
}
SIGNIFICANCE = {
    "significant": KGO.Significant,
    "not-significant": KGO.NotSignificant,
    "not-stated": KGO.SignificanceNotStated,
}
REPORTED_ITEMS = {
    "analysed": KGO.NumberAnalysedItem,
    "value": KGO.CentralValueItem,
    "value-kind": KGO.CentralKindItem,
    "spread": KGO.SpreadItem,
    "effect": KGO.EffectValueItem,
    "interval": KGO.IntervalItem,
    "p-value": KGO.PValueItem,
    "time-point": KGO.TimePointItem,
}

COMMON_FIELDS: tuple[Field, ...] = (
    Field("id", "id", doc="slug: lower-case words joined by hyphens; the IRI is kg:{id}"),
    Field("label", "text", SDO.name, doc="the name a reader knows it by"),
    Field("alt_labels", "text", SDO.alternateName, many=True, doc="other names"),
    Field("description", "text", SDO.description, doc="a definition in our own words"),
    Field("identifiers", "identifiers", doc="external ids by relation: exact, close, broad, narrow, related"),
    Field("note", "text", SKOS.editorialNote, doc="a curator's note: caveats, reasoning"),
)

_ANY: tuple[str, ...] = ()

KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind(
            "dataset",
            (SDO.Dataset,),
            (
                Field("version", "text", SDO.version),
                Field("issued", "date", SDO.datePublished),
                Field("license", "url", SDO.license),
                Field("creators", "ref", SDO.creator, many=True, targets=("organizations", "people")),
                Field("publisher", "ref", SDO.publisher, targets=("organizations", "people")),
                Field("keywords", "text", SDO.keywords, many=True),
                Field("based_on", "ref", SDO.isBasedOn, many=True, targets=("documents",)),
            ),
            "The dataset itself: version, release date and licence of what `build` publishes.",
            single=True,
        ),
        Kind(
            "documents",
            (SDO.CreativeWork,),
            (
                Field(
                    "type",
                    "enum",
                    values={"article": SDO.Article, "scholarly-article": SDO.ScholarlyArticle},
                    doc="article (a web article) or scholarly-article (a journal paper)",
                ),
                Field("title", "text", SDO.headline),
                Field("authors", "authors", SDO.author, targets=("people", "organizations")),
                Field("date_published", "date", SDO.datePublished),
                Field("year", "year", KGO.publicationYear, doc="when only the year is known"),
                Field("date_received", "date", KGO.dateReceived),
                Field("date_accepted", "date", KGO.dateAccepted),
                Field(
                    "journal", "ref", targets=("periodicals",), doc="with volume and issue: the issue node is minted"
                ),
                Field("volume", "integer", doc="becomes a schema:PublicationVolume node of the journal"),
                Field("issue", "integer", doc="becomes a schema:PublicationIssue node of that volume"),
                Field("page_start", "integer", SDO.pageStart),
                Field("page_end", "integer", SDO.pageEnd),
                Field("language", "text", SDO.inLanguage),
                Field("publisher", "ref", SDO.publisher, targets=("organizations",)),
                Field("cites", "ref", SDO.citation, many=True, targets=("documents",)),
                Field("publication_types", "curie", SDO.additionalType, many=True),
                Field("url", "url", SDO.url),
                Field(
                    "sources",
                    "ref",
                    KGO.verifiedIn,
                    many=True,
                    targets=("reference_sources",),
                    doc="where the curators read this record's facts",
                ),
            ),
            "Publications: the review article, its source paper, the trials' reports.",
        ),
        Kind(
            "sections",
            (KGO.DocumentSection, SDO.CreativeWork),
            (
                Field("document", "ref", SDO.isPartOf, targets=("documents",), inverse=SDO.hasPart),
                Field("position", "integer", SDO.position),
            ),
            "Sections of a document, in reading order; claims point at them.",
        ),
        Kind(
            "people",
            (SDO.Person, PROV.Agent),
            (
                Field("given_name", "text", SDO.givenName),
                Field("family_name", "text", SDO.familyName),
                Field("affiliations", "ref", SDO.affiliation, many=True, targets=("organizations",)),
            ),
            "People: authors of the documents.",
        ),
        Kind(
            "organizations",
            (SDO.Organization, PROV.Agent),
            (
                Field("url", "url", SDO.url),
                Field("parent", "ref", SDO.parentOrganization, targets=("organizations",)),
            ),
            "Organisations: affiliations, publishers, the curators.",
        ),
        Kind(
            "periodicals",
            (SDO.Periodical,),
            (
                Field("issn", "text", SDO.issn, many=True),
                Field("publisher", "ref", SDO.publisher, targets=("organizations",)),
            ),
            "Journals.",
        ),
        Kind(
            "drugs",
            (SDO.Drug,),
            (
                Field("drug_classes", "ref", SDO.drugClass, many=True, targets=("drug_classes",)),
                Field("mechanisms", "ref", KGO.hasMechanism, many=True, targets=("mechanisms",)),
                Field("mechanism_summary", "text", SDO.mechanismOfAction),
                Field("traditional_uses", "text", KGO.traditionalUse, many=True),
            ),
            "Drugs: ketamine and the comparators.",
        ),
        Kind("drug_classes", (SDO.DrugClass,), (), "Drug classes and pharmacological roles."),
        Kind(
            "conditions",
            (SDO.MedicalCondition,),
            (
                Field("symptoms", "ref", SDO.signOrSymptom, many=True, targets=("symptoms",)),
                Field("treatments", "ref", SDO.possibleTreatment, many=True, targets=("drugs", "therapies")),
                Field("subtype_of", "ref", KGO.subtypeOf, targets=("conditions",)),
                Field("epidemiology", "text", SDO.epidemiology),
            ),
            "Medical conditions: migraine and its forms.",
        ),
        Kind(
            "symptoms",
            (SDO.MedicalSymptom,),
            (Field("quality", "text", KGO.quality),),
            "Symptoms of a condition.",
        ),
        Kind(
            "adverse_effects",
            (KGO.AdverseEffect, SDO.MedicalSignOrSymptom),
            (),
            "Adverse effects of a therapy.",
        ),
        Kind(
            "therapies",
            (SDO.MedicalTherapy,),
            (
                Field("drugs", "ref", SDO.drug, many=True, targets=("drugs",)),
                Field("condition", "ref", KGO.treatsCondition, targets=("conditions",)),
                Field("adverse_effects", "ref", SDO.adverseOutcome, many=True, targets=("adverse_effects",)),
                Field("may_benefit", "ref", KGO.mayBenefit, many=True, targets=("patient_profiles",)),
                Field("routes", "ref", KGO.route, many=True, targets=("routes",)),
            ),
            "Therapies: ketamine therapy for migraine, conventional treatment.",
        ),
        Kind(
            "biochemical_entities",
            (SDO.BioChemEntity,),
            (
                Field(
                    "type",
                    "enum",
                    values={"protein": SDO.Protein, "molecular-entity": SDO.MolecularEntity},
                    doc="protein or molecular-entity",
                ),
            ),
            "Molecules and receptors: the NMDA receptor, glutamate.",
        ),
        Kind(
            "processes",
            (KGO.BiologicalProcess,),
            (Field("involves", "ref", KGO.involves, many=True, targets=("biochemical_entities",)),),
            "Biological processes: glutamate signalling, neuroplasticity.",
        ),
        Kind(
            "mechanisms",
            (KGO.MechanismOfAction,),
            (
                Field("action", "enum", KGO.actionType, values=ACTIONS),
                Field(
                    "acts_on",
                    "ref",
                    KGO.actsOn,
                    many=True,
                    targets=("biochemical_entities", "processes", "conditions"),
                ),
            ),
            "Mechanisms of action, each a node: what the drug does to what.",
        ),
        Kind("routes", (KGO.RouteOfAdministration,), (), "Routes of administration."),
        Kind(
            "study_groups",
            (KGO.StudyGroup, SDO.MedicalStudy),
            (
                Field("conditions", "ref", SDO.healthCondition, many=True, targets=("conditions",)),
                Field("subjects", "ref", SDO.studySubject, many=True, targets=("drugs", "therapies")),
                Field("designs", "enum", KGO.studyDesign, many=True, values=TRIAL_DESIGNS),
                Field("routes", "ref", KGO.route, many=True, targets=("routes",)),
                Field("delivery", "text", KGO.deliveryMethod),
            ),
            "Kinds of clinical study a source discusses together (preliminary trials, RCTs, ...).",
        ),
        Kind(
            "patient_profiles",
            (KGO.PatientProfile, SDO.PeopleAudience),
            (Field("conditions", "ref", SDO.healthCondition, many=True, targets=("conditions",)),),
            "Groups of patients a source says may benefit.",
        ),
        Kind(
            "research_questions",
            (KGO.ResearchQuestion, SDO.Question),
            (
                Field("text", "text", SDO.text),
                Field("about", "ref", SDO.about, many=True),
            ),
            "Open research questions and future directions.",
        ),
        Kind(
            "claims",
            (KGO.Claim, SDO.Claim),
            (
                Field("text", "text", SDO.text, doc="the statement in our own words"),
                Field("about", "ref", SDO.about, many=True),
                Field("category", "enum", KGO.category, values=CATEGORIES),
                Field("strength", "enum", KGO.strength, values=STRENGTHS),
                Field(
                    "source",
                    "ref",
                    PROV.wasDerivedFrom,
                    targets=("documents",),
                    also=(SDO.appearance,),
                    doc="the document that makes the statement",
                ),
                Field("section", "ref", KGO.inSection, targets=("sections",)),
                Field("paragraph", "integer", KGO.paragraph),
                Field("bullet", "integer", KGO.bullet),
                Field("sentences", "integer", KGO.sentence, many=True),
                Field("related", "ref", KGO.relatedClaim, many=True, targets=("claims",)),
                Field(
                    "disagrees_with",
                    "ref",
                    KGO.disagreesWith,
                    many=True,
                    targets=("claims",),
                    doc="a claim of another source about the same thing that says otherwise",
                ),
                Field("direction", "enum", KGO.resultDirection, values=DIRECTIONS, doc="for a trial result"),
                Field(
                    "evidence",
                    "ref",
                    KGO.verifiedIn,
                    many=True,
                    targets=("reference_sources",),
                    doc="where the curators read the statement",
                ),
            ),
            "Statements a source makes, each with where it rests and how strong the source says it is.",
        ),
        Kind(
            "systematic_reviews",
            (KGO.SystematicReview, SDO.MedicalStudy),
            (
                Field("reported_in", "ref", KGO.reportedIn, many=True, targets=("documents",), also=(SDO.subjectOf,)),
                Field("question", "text", KGO.reviewQuestion),
                Field("conditions", "ref", SDO.healthCondition, many=True, targets=("conditions",)),
                Field("subjects", "ref", SDO.studySubject, many=True, targets=("drugs", "therapies")),
                Field("databases", "text", KGO.databaseSearched, many=True),
                Field("searched_up_to", "yearmonth", KGO.searchedUpTo),
                Field("records_screened", "integer", KGO.recordsScreened),
                Field("studies_included", "integer", KGO.studiesIncluded),
                Field("participants_total", "integer", KGO.participantsTotal),
                Field("risk_of_bias_method", "text", KGO.riskOfBiasMethod),
                Field("trials_at_low_risk", "integer", KGO.trialsAtLowRisk),
                Field("trials_at_unclear_risk", "integer", KGO.trialsAtUnclearRisk),
                Field("trials_at_high_risk", "integer", KGO.trialsAtHighRisk),
                Field("conclusion", "text", KGO.conclusion),
                Field("limitations", "text", KGO.limitation, many=True),
                Field("sources", "ref", KGO.verifiedIn, many=True, targets=("reference_sources",)),
            ),
            "A systematic review as a study: its question, search, counts, risk-of-bias summary, conclusion.",
        ),
        Kind(
            "trials",
            (SDO.MedicalTrial,),
            (
                Field("designs", "enum", SDO.trialDesign, many=True, values=TRIAL_DESIGNS),
                Field("allocation", "enum", KGO.allocation, values=ALLOCATIONS),
                Field("conditions", "ref", SDO.healthCondition, many=True, targets=("conditions",)),
                Field("subjects", "ref", SDO.studySubject, many=True, targets=("drugs", "therapies")),
                Field("setting", "text", KGO.setting),
                Field("population", "text", KGO.population),
                Field("enrolled", "integer", KGO.participantsEnrolled),
                Field("completed", "integer", KGO.participantsCompleted),
                Field("primary_outcome", "text", KGO.primaryOutcome),
                Field("timepoint_minutes", "integer", KGO.timepointMinutes),
                Field("reported_in", "ref", KGO.reportedIn, many=True, targets=("documents",), also=(SDO.subjectOf,)),
                Field("adverse_effects", "ref", KGO.reportedAdverseEffect, many=True, targets=("adverse_effects",)),
                Field("sources", "ref", KGO.verifiedIn, many=True, targets=("reference_sources",)),
            ),
            "Clinical trials, each with the publication that reports it.",
        ),
        Kind(
            "arms",
            (KGO.TrialArm,),
            (
                Field("trial", "ref", KGO.armOf, targets=("trials",), inverse=KGO.hasArm),
                Field("role", "enum", KGO.armRole, values=ARM_ROLES),
                Field("participants", "integer", KGO.participants),
            ),
            "Arms of a trial: the group given one regimen.",
        ),
        Kind(
            "administrations",
            (KGO.DrugAdministration,),
            (
                Field("arm", "ref", KGO.administrationOf, targets=("arms",), inverse=KGO.hasAdministration),
                Field("drug", "ref", KGO.administeredDrug, targets=("drugs",)),
                Field("route", "ref", KGO.route, targets=("routes",)),
                Field("dose", "quantity", KGO.dose, doc="{value: 0.3, unit: mg/kg}; unit as a UCUM code"),
                Field("schedule", "text", KGO.schedule),
            ),
            "One drug given in an arm: drug, route, dose with its UCUM unit, schedule.",
        ),
        Kind(
            "inclusions",
            (KGO.InclusionLink,),
            (
                Field("review", "ref", KGO.includingReview, targets=("systematic_reviews",)),
                Field("trial", "ref", KGO.includedTrial, targets=("trials",)),
                Field("status", "enum", KGO.linkStatus, values=LINK_STATUSES),
                Field("asserted_by", "ref", KGO.assertedBy, targets=("documents", "organizations")),
                Field("basis", "text", KGO.basis),
                Field("evidence", "ref", PROV.wasDerivedFrom, many=True, targets=("reference_sources", "documents")),
            ),
            "That a review included a trial: stated by a paper, or inferred by the curators, with the basis.",
        ),
        Kind(
            "risk_of_bias",
            (KGO.RiskOfBiasJudgement,),
            (
                Field("review", "ref", KGO.assessingReview, targets=("systematic_reviews",)),
                Field("trial", "ref", KGO.assessedTrial, targets=("trials",)),
                Field("judgement", "enum", KGO.judgement, values=RISK_OF_BIAS, doc="not-known when unknown"),
                Field("source", "ref", PROV.wasDerivedFrom, targets=("documents",)),
            ),
            "A review's risk-of-bias judgement of one trial, with its source; not-known is said, never guessed.",
        ),
        Kind(
            "attributions",
            (KGO.Attribution,),
            (
                Field("claim", "ref", inverse=KGO.hasAttribution, targets=("claims",)),
                Field(
                    "attributed_to",
                    "ref",
                    KGO.attributedTo,
                    targets=("organizations", "documents", "people"),
                ),
                Field("asserted_by", "ref", KGO.assertedBy, targets=("documents", "organizations")),
                Field("basis", "text", KGO.basis),
                Field("evidence", "ref", PROV.wasDerivedFrom, many=True, targets=("reference_sources", "documents")),
            ),
            "Who a claim is credited to, by whom, and on what basis (two attributions may disagree).",
        ),
        Kind(
            "reference_sources",
            (KGO.ReferenceSource, SDO.CreativeWork),
            (
                Field("key", "text", KGO.sourceKey),
                Field("url", "url", SDO.url),
            ),
            "Where the curators verified a fact or an identifier.",
        ),
        Kind(
            "identifier_register",
            (),
            (
                Field("curie", "curie", doc="the identifier, as PREFIX:ID"),
                Field("label", "text", RDFS.label, doc="the label exactly as the source gives it"),
                Field("sources", "ref", KGO.verifiedIn, many=True, targets=("reference_sources",)),
                Field("note", "text", SKOS.editorialNote),
            ),
            "Every external identifier the graph uses, with the source where it was verified.",
            node=False,
        ),
        Kind(
            "outcomes",
            (KGO.OutcomeMeasure,),
            (
                Field("trial", "ref", KGO.outcomeOf, targets=("trials",), inverse=KGO.hasOutcome),
                Field("measures", "text", KGO.measuredProperty, doc="what is measured, in our words"),
                Field("instrument", "text", KGO.instrument, doc="the instrument and its scale (100 mm VAS)"),
                Field(
                    "unit", "unit", KGO.scaleUnit, doc="the scale's unit as a UCUM code (mm, %); left out for points"
                ),
                Field("timepoint_minutes", "integer", KGO.measuredAtMinutes, doc="minutes after treatment"),
                Field("timepoint", "text", KGO.timeWindow, doc="a time window in words (24-48 hours)"),
                Field(
                    "importance",
                    "enum",
                    KGO.outcomeImportance,
                    values=OUTCOME_IMPORTANCE,
                    doc="only where the record says",
                ),
                Field("not_reported", "enum", KGO.notReported, many=True, values=REPORTED_ITEMS),
                Field("sources", "ref", KGO.verifiedIn, many=True, targets=("reference_sources",)),
            ),
            "Outcome measures of a trial: what is measured, with which instrument, unit and time point.",
        ),
        Kind(
            "arm_results",
            (KGO.ArmResult,),
            (
                Field("outcome", "ref", KGO.resultFor, targets=("outcomes",)),
                Field("arm", "ref", KGO.resultArm, targets=("arms",)),
                Field("analysed", "integer", KGO.numberAnalysed),
                Field("value", "decimal", KGO.centralValue),
                Field("value_kind", "enum", KGO.centralKind, values=CENTRAL_KINDS),
                Field("percentage", "decimal", KGO.percentageValue, doc="the same count as a percentage, as given"),
                Field("spread_kind", "enum", KGO.spreadKind, values=SPREAD_KINDS),
                Field("spread_low", "decimal", KGO.spreadLow),
                Field("spread_high", "decimal", KGO.spreadHigh),
                Field("p_value", "decimal", KGO.pValue),
                Field("p_value_as_reported", "text", KGO.pValueAsReported),
                Field("finding", "text", KGO.finding, doc="what the record says in words, where it gives no number"),
                Field("not_reported", "enum", KGO.notReported, many=True, values=REPORTED_ITEMS),
                Field("sources", "ref", KGO.verifiedIn, many=True, targets=("reference_sources",)),
            ),
            "The result of one arm on one outcome: number analysed, central value and spread, each with its kind.",
        ),
        Kind(
            "comparisons",
            (KGO.Comparison,),
            (
                Field("outcome", "ref", KGO.resultFor, targets=("outcomes",)),
                Field("trial", "ref", KGO.comparisonInTrial, targets=("trials",)),
                Field("arm", "ref", KGO.comparedArm, targets=("arms",), doc="the effect is this arm minus `versus`"),
                Field("versus", "ref", KGO.referenceArm, targets=("arms",)),
                Field("effect_measure", "enum", KGO.effectMeasure, values=EFFECT_MEASURES),
                Field("effect", "decimal", KGO.effectValue),
                Field("interval_kind", "enum", KGO.intervalKind, values=SPREAD_KINDS),
                Field("interval_level", "decimal", KGO.intervalLevel, doc="per cent: 95 for a 95% CI"),
                Field("interval_low", "decimal", KGO.intervalLow),
                Field("interval_high", "decimal", KGO.intervalHigh),
                Field("p_value", "decimal", KGO.pValue),
                Field("p_value_as_reported", "text", KGO.pValueAsReported),
                Field("favours", "ref", KGO.favoursArm, targets=("arms",), doc="only where the record says"),
                Field("significance", "enum", KGO.significance, values=SIGNIFICANCE, doc="as the authors state it"),
                Field("finding", "text", KGO.finding),
                Field("not_reported", "enum", KGO.notReported, many=True, values=REPORTED_ITEMS),
                Field("disagrees_with", "ref", KGO.disagreesWithResult, many=True, targets=("comparisons",)),
                Field("sources", "ref", KGO.verifiedIn, many=True, targets=("reference_sources",)),
            ),
            "A comparison of two arms of one trial on one outcome: effect, interval, p-value, favoured arm.",
        ),
    )
}

NODE_KINDS: tuple[str, ...] = tuple(k for k, v in KINDS.items() if v.node)


# Slugs of the nodes the graph stage mints: one place, so the linker can reserve them.


def author_slug(document: str, position: int) -> str:
    return f"{document}-author-{position}"


def volume_slug(journal: str, volume: int) -> str:
    return f"{journal}-volume-{volume}"


def issue_slug(journal: str, volume: int, issue: int) -> str:
    return f"{journal}-volume-{volume}-issue-{issue}"


def quantity_slug(record: str, key: str) -> str:
    return f"{record}-{key.replace('_', '-')}"


# Whose statement a record is: claims and judgements belong to their source document, links
# and attributions to whoever asserts them (the key naming the voice). Every other kind is
# curated description. The graph puts a voice's statements in its named graph; link checks
# that no curated id is that graph's IRI.
VOICE_KEYS: dict[str, str] = {
    "claims": "source",
    "risk_of_bias": "source",
    "attributions": "asserted_by",
    "inclusions": "asserted_by",
}


def voice_graph_slug(voice: str) -> str:
    return f"statements-of-{voice}"


@cache
def fields_by_key(kind: str) -> dict[str, Field]:
    """A kind's fields by YAML key, in the table's order (looked up for every key read and emitted)."""
    return {f.key: f for f in KINDS[kind].all_fields}
