"""The competency questions on the evidence beneath the review (``queries/25-*.rq`` onward).

They ask about Chah et al. 2021 as a study, the five trials the curators match to it, their arms and
doses, the (inferred) inclusion links, risk of bias, the claims of the other voices and where voices
disagree. Each query has its own test with the exact answer the data holds, so a broken query, a
renamed predicate or a changed record fails. Every query also runs on two more engines and must
give the same rows: Oxigraph over the union loaded as N-Triples (as in ``test_queries.py``), and
the embedded store of ``ketagraph query`` (N-Quads, every voice in its named graph, the default
graph as their union), which is how a release is queried.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from ketagraph.reading.graph import Built
from ketagraph.reading.pipeline import read_data
from ketagraph.stores import query as kq

from .test_queries import column, select  # one set of helpers for every competency question

REPO = Path(__file__).resolve().parent.parent
QUERIES = REPO / "queries"
FIRST = 25
EVIDENCE_QUERIES = sorted(p for p in QUERIES.glob("*.rq") if p.name[:2].isdigit() and int(p.name[:2]) >= FIRST)

KG = "https://w3id.org/ketagraph/id/"
KGO = "https://w3id.org/ketagraph/ontology#"
PROV_DERIVED = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")

REVIEW = "Popular review: ketamine for migraines"
CHAH = "Chah et al. 2021"
SR = "Chah et al. 2021 systematic review of ketamine for migraine and other primary headache"
CURATORS = "ketagraph curators"

T1995 = "1995 crossover trial of subcutaneous ketamine in migraine (PMID 8835616)"
AFRIDI = "Afridi 2013 trial of intranasal ketamine in migraine with prolonged aura"
ETCHISON = "Etchison 2018 trial of low-dose intravenous ketamine for migraine in the emergency department"
THINK = "THINK trial of intranasal ketamine versus intravenous metoclopramide (Benish 2019)"
ZITEK = "Zitek trial of intravenous prochlorperazine versus ketamine for headache in the emergency department"
TRIALS = [T1995, AFRIDI, ETCHISON, THINK, ZITEK]  # in the order of their names

R1995 = "Subcutaneous ketamine trial, 1995 (PMID 8835616)"
R_AFRIDI = "Afridi et al. 2013"
R_ETCHISON = "Etchison et al. 2018"
R_BENISH = "Benish et al. 2019 (THINK trial)"
R_ZITEK = "Zitek et al., Ann Emerg Med 71(3)"
AAO = "AAO Editors' Choice summary of Afridi et al. 2013"
CHECK = "Conference abstract of the Zitek study (CHECK trial)"
EMDOCS = "emDOCs appraisal of the Zitek trial"
JIO = "JIO Institute library record of the Zitek paper"

# claims
IV_RELIEF = "IV ketamine gave rapid, sustained relief in some patients"
PRELIMINARY = "preliminary trials of ketamine for migraine are promising"
PROFILES = "some patient groups may benefit more from ketamine"
CAUTION = "research is promising but clinical use calls for caution"
VALUABLE = "ketamine may become a valuable addition to migraine treatment"
NEW_AVENUE = "as an NMDA receptor antagonist, ketamine offers a new approach to migraine"
INCONCLUSIVE = "the trial evidence on ketamine for migraine is inconclusive"
NOT_BEATEN = "low-dose IV ketamine did not beat placebo for migraine pain at 30 minutes"
SECONDARY = "no difference in secondary outcomes with low-dose IV ketamine"
NOT_SUPERIOR = "intranasal ketamine was not superior to IV metoclopramide with diphenhydramine"
PCZ_BETTER = "IV prochlorperazine relieved headache more than IV ketamine at 60 minutes"
SATISFACTION = "patients were more satisfied after prochlorperazine than after ketamine"
AURA = "intranasal ketamine made aura less severe but not shorter"
SUBCUT = "subcutaneous ketamine relieved migraine pain and placebo did not"
AAO_SHORTER = "AAO summary: attacks about three hours shorter with ketamine than with midazolam"
P_VALUES = "conference abstract: p = 0.026 at 45 minutes and p = 0.049 at 60 minutes"
YEAR_2018 = "emDOCs: the Zitek paper is from 2018"
YEAR_2017 = "JIO library record: the Zitek paper is from 2017"


@pytest.fixture(scope="module")
def built() -> Built:
    return read_data(REPO / "data")


@pytest.fixture(scope="module")
def graph(built: Built) -> Graph:
    return built.graph


# --- the collection ---------------------------------------------------------------------------------


def test_at_least_12_evidence_questions_numbered_on_from_25():
    numbers = [int(p.name[:2]) for p in EVIDENCE_QUERIES]
    assert len(numbers) >= 12
    assert numbers == list(range(FIRST, FIRST + len(numbers)))


@pytest.mark.parametrize("path", EVIDENCE_QUERIES, ids=lambda p: p.name)
def test_query_states_its_question_prefixes_and_order(path: Path):
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert path.name[2] == "-", "name it NN-short-name.rq"
    assert lines[0].startswith("# question: ") and lines[0].rstrip().endswith("?"), lines[0]
    assert lines[1].startswith("# covers: "), lines[1]
    assert "ORDER BY" in text
    # the union, not the named graphs: a server loaded with one graph has no voice graphs (test_stores.py)
    code = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    assert not re.search(r"(?<![?$\w])GRAPH\s+([?$<]|\w*:)", code, flags=re.I), "query the union, not named graphs"
    prepareQuery(text)
    ox.Store().query(text)  # Oxigraph knows only the prefixes the query declares


# --- the same answers on Oxigraph, over the union and over the release's named graphs ----------------


@pytest.fixture(scope="module")
def union_store(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


@pytest.fixture(scope="module")
def release_store(built: Built) -> ox.Store:
    return kq.open_store(built)


def _ox_rows(solutions: ox.QuerySolutions) -> list[tuple[str, ...]]:
    return [tuple("" if s[v] is None else s[v].value for v in solutions.variables) for s in solutions]


@pytest.mark.parametrize("path", EVIDENCE_QUERIES, ids=lambda p: p.name)
def test_rdflib_and_oxigraph_agree(graph: Graph, union_store: ox.Store, release_store: ox.Store, path: Path):
    text = path.read_text(encoding="utf-8")
    mine = graph.query(text)
    assert mine.type == "SELECT"
    names = [str(v) for v in mine.vars]
    rdflib_rows = [tuple("" if v is None else str(v) for v in row) for row in mine]
    assert rdflib_rows, f"{path.name} has no answer"
    for theirs in (
        union_store.query(text),
        release_store.query(text, use_default_graph_as_union=True),
    ):
        assert isinstance(theirs, ox.QuerySolutions)
        assert [v.value for v in theirs.variables] == names
        ox_rows = _ox_rows(theirs)
        assert sorted(ox_rows) == sorted(rdflib_rows)
        assert Counter(ox_rows) == Counter(rdflib_rows)


# --- the trials, their comparators, routes, arms and doses ------------------------------------------


def test_25_trials_with_comparator_and_route(graph: Graph):
    rows = select(graph, "25-trials-comparators-and-routes.rq")
    assert column(rows, "trialName", "ketamineDrug", "ketamineRoute", "comparatorDrug", "comparatorRoute") == [
        (T1995, "ketamine hydrochloride", "subcutaneous", "placebo", "subcutaneous"),
        (AFRIDI, "ketamine", "intranasal", "midazolam", "intranasal"),
        (ETCHISON, "ketamine", "intravenous", "placebo", "intravenous"),
        (THINK, "ketamine", "intranasal", "diphenhydramine", "intravenous"),
        (THINK, "ketamine", "intranasal", "metoclopramide", "intravenous"),
        (ZITEK, "ketamine", "intravenous", "diphenhydramine", "intravenous"),
        (ZITEK, "ketamine", "intravenous", "prochlorperazine", "intravenous"),
    ]
    kinds = {r["comparatorDrug"]: r["comparatorKind"] for r in rows}
    assert kinds == {
        "placebo": "placebo",
        "midazolam": "active",
        "diphenhydramine": "active",
        "metoclopramide": "active",
        "prochlorperazine": "active",
    }
    assert {r["trialName"]: r["allocation"] for r in rows} == {
        T1995: "crossover",
        AFRIDI: "parallel-group",
        ETCHISON: "parallel-group",
        THINK: "parallel-group",
        ZITEK: "parallel-group",
    }
    # the saline bolus both Zitek arms had, and the ondansetron given with ketamine, are no comparators
    assert not {"saline", "ondansetron"} & set(kinds)
    assert {r["inclusion"] for r in rows} == {"inferred"}


def test_33_arms_drugs_routes_and_doses(graph: Graph):
    rows = select(graph, "33-trial-arms-and-doses.rq")
    assert column(rows, "trialName", "role", "participants", "drugName", "routeName", "doseValue", "doseUnit") == [
        (T1995, "intervention", "17", "ketamine hydrochloride", "subcutaneous", "80", "ug/kg"),
        (T1995, "comparator", "17", "placebo", "subcutaneous", None, None),
        (T1995, "intervention", "17", "ketamine hydrochloride", "subcutaneous", "80", "ug/kg"),
        (T1995, "comparator", "17", "placebo", "subcutaneous", None, None),
        (AFRIDI, "intervention", None, "ketamine", "intranasal", "25", "mg"),
        (AFRIDI, "comparator", None, "midazolam", "intranasal", "2", "mg"),
        (ETCHISON, "intervention", "16", "ketamine", "intravenous", "0.2", "mg/kg"),
        (ETCHISON, "comparator", "18", "placebo", "intravenous", None, None),
        (THINK, "intervention", "27", "ketamine", "intranasal", None, None),
        (THINK, "comparator", "26", "diphenhydramine", "intravenous", None, None),
        (THINK, "comparator", "26", "metoclopramide", "intravenous", None, None),
        (ZITEK, "intervention", "25", "ketamine", "intravenous", "0.3", "mg/kg"),
        (ZITEK, "intervention", "25", "ondansetron", "intravenous", "4", "mg"),
        (ZITEK, "intervention", "25", "saline", "intravenous", "500", "mL"),
        (ZITEK, "comparator", "29", "diphenhydramine", "intravenous", "25", "mg"),
        (ZITEK, "comparator", "29", "prochlorperazine", "intravenous", "10", "mg"),
        (ZITEK, "comparator", "29", "saline", "intravenous", "500", "mL"),
    ]
    units = {r["doseUnit"] for r in rows} - {None}
    assert units == {"mg", "mg/kg", "ug/kg", "mL"}  # UCUM codes, never µg
    schedules = {(r["armName"], r["schedule"]) for r in rows if r["schedule"]}
    assert schedules == {
        ("1995 trial, group 1 (attacks), subcutaneous ketamine period", "For each migraine attack."),
        ("1995 trial, group 1 (attacks), subcutaneous saline period", "For each migraine attack."),
        (
            "1995 trial, group 2 (refractory migraine, prevention), subcutaneous ketamine period",
            "Three times a day for 3 weeks.",
        ),
        (
            "1995 trial, group 2 (refractory migraine, prevention), subcutaneous saline period",
            "Three times a day for 3 weeks.",
        ),
        ("Etchison 2018, saline placebo arm", "The same volume as the ketamine dose."),
        ("Zitek trial, intravenous ketamine and ondansetron arm", "A bolus after the study drugs."),
        ("Zitek trial, intravenous prochlorperazine and diphenhydramine arm", "A bolus after the study drugs."),
    }


# --- participants and the systematic review ------------------------------------------------------------


def test_26_participants_add_up_to_the_reviews_193(graph: Graph):
    rows = select(graph, "26-participants-and-the-reviews-count.rq")
    assert column(rows, "trialName", "enrolled", "completed", "countedAs") == [
        (T1995, "34", None, "34"),
        (AFRIDI, "30", "18", "18"),
        (ETCHISON, "34", None, "34"),
        (THINK, "53", "53", "53"),
        (ZITEK, "54", None, "54"),
    ]
    totals = set(
        column(rows, "reviewName", "sourcePaper", "trialsMatched", "sumEnrolled", "sumCounted", "reviewStudies")
    )
    assert totals == {(SR, CHAH, "5", "205", "193", "5")}
    # the trials' sum, counting completers where known, is the review's own count
    assert {r["reviewParticipants"] for r in rows} == {"193"}
    assert sum(int(r["countedAs"]) for r in rows) == 193


def test_34_systematic_review_methods(graph: Graph):
    rows = select(graph, "34-systematic-review-methods.rq")
    assert [r["database"] for r in rows] == ["Cochrane Library", "EMBASE", "Medline (via PubMed)", "Web of Science"]
    fixed = set(
        column(
            rows,
            "reviewName",
            "reportedIn",
            "searchedUpTo",
            "recordsScreened",
            "studiesIncluded",
            "participantsTotal",
            "atLowRisk",
            "atUnclearRisk",
            "atHighRisk",
        )
    )
    assert fixed == {(SR, CHAH, "2021-02", "398", "5", "193", "0", "2", "3")}
    row = rows[0]
    assert "Cochrane Handbook" in row["riskOfBiasMethod"] and "not verified" in row["riskOfBiasMethod"]
    assert "does not allow a conclusion" in row["conclusion"]
    for comparator in ("placebo", "midazolam", "metoclopramide", "prochlorperazine"):
        assert comparator in row["question"]


def test_35_risk_of_bias_is_not_known_for_every_trial(graph: Graph):
    rows = select(graph, "35-risk-of-bias-by-trial.rq")
    assert column(rows, "trialName", "judgement", "statedIn", "inclusion") == [
        (trial, "not known", CHAH, "inferred") for trial in TRIALS
    ]
    assert set(column(rows, "reviewName", "judgementsKnown", "atLowRisk", "atUnclearRisk", "atHighRisk")) == {
        (SR, "0", "0", "2", "3")
    }


# --- adverse events ------------------------------------------------------------------------------------


def test_27_adverse_events_by_trial(graph: Graph):
    rows = select(graph, "27-adverse-events-by-trial.rq")
    assert column(rows, "trialName", "statement", "adverseEffect", "fewerHarmsIn", "statedIn") == [
        (T1995, "mild side effects with ketamine, and side effects with placebo too", "asthenia", None, R1995),
        (AFRIDI, None, None, None, None),
        (
            ETCHISON,
            "IV ketamine brought more generalized discomfort and fatigue than placebo",
            "fatigue",
            "comparator arm",
            R_ETCHISON,
        ),
        (
            ETCHISON,
            "IV ketamine brought more generalized discomfort and fatigue than placebo",
            "generalized discomfort",
            "comparator arm",
            R_ETCHISON,
        ),
        (THINK, "side effects in about two thirds of each THINK group", None, None, R_BENISH),
        (
            ZITEK,
            "three patients withdrew from the Zitek trial because of adverse effects",
            "adverse effects leading to withdrawal",
            None,
            R_ZITEK,
        ),
    ]


def test_28_adverse_effects_and_the_trials_reporting_them(graph: Graph):
    rows = select(graph, "28-adverse-effects-and-the-trials-reporting-them.rq")
    assert column(rows, "adverseEffect", "warnedOfBy", "trialName", "reportedIn", "readIn") == [
        ("adverse effects leading to withdrawal", None, ZITEK, R_ZITEK, "SC-ZI"),
        ("asthenia", None, T1995, R1995, "PM-NI"),
        ("dissociative symptoms", REVIEW, None, None, None),
        ("fatigue", None, ETCHISON, R_ETCHISON, "PMC-ET"),
        ("generalized discomfort", None, ETCHISON, R_ETCHISON, "PMC-ET"),
        ("psychotomimetic effects", REVIEW, None, None, None),
    ]


# --- the review's promise against the trials, and where voices disagree -----------------------------------


TRIAL_FINDINGS = {
    (T1995, SUBCUT, "favours ketamine", R1995),
    (AFRIDI, AURA, "mixed", R_AFRIDI),
    (ETCHISON, NOT_BEATEN, "no difference", R_ETCHISON),
    (ETCHISON, SECONDARY, "no difference", R_ETCHISON),
    (THINK, NOT_SUPERIOR, "no difference", R_BENISH),
    (ZITEK, PCZ_BETTER, "favours comparator", R_ZITEK),
    (ZITEK, SATISFACTION, "favours comparator", R_ZITEK),
}


def test_29_promising_claims_beside_what_the_trials_found(graph: Graph):
    rows = select(graph, "29-promising-claims-and-the-trials-beneath.rq")
    claims = [IV_RELIEF, VALUABLE, PRELIMINARY, CAUTION, PROFILES]  # in the order of their names
    assert list(dict.fromkeys(r["reviewClaim"] for r in rows)) == claims
    # the two promising claims of the opening and introduction are linked to no other voice
    unlinked = {"ketamine has recently drawn interest for migraine", NEW_AVENUE}
    assert not unlinked & {r["reviewClaim"] for r in rows}
    for claim in claims:
        found = {
            (r["trialName"], r["finding"], r["direction"], r["reportedIn"]) for r in rows if r["reviewClaim"] == claim
        }
        assert found == TRIAL_FINDINGS, claim
    assert len(rows) == len(claims) * len(TRIAL_FINDINGS)
    # the AAO's favourable summary is secondary: it is not among what the trials' own reports found
    assert AAO_SHORTER not in {r["finding"] for r in rows}
    assert {r["inclusion"] for r in rows} == {"inferred"}
    reached = {(r["reviewClaim"], r["trialName"]): r["reachedBy"] for r in rows}
    direct = {k: v for k, v in reached.items() if v != "through the systematic review"}
    assert direct == {
        (IV_RELIEF, ETCHISON): "disagrees with a claim about the trial",
        (IV_RELIEF, ZITEK): "related to a claim about the trial",
        (PROFILES, T1995): "related to a claim about the trial",
    }
    directions = Counter(r["direction"] for r in rows if r["reviewClaim"] == CAUTION)
    assert directions == {"favours ketamine": 1, "mixed": 1, "no difference": 3, "favours comparator": 2}


def test_30_where_the_review_and_its_sources_disagree(graph: Graph):
    rows = select(graph, "30-review-versus-its-sources.rq")
    assert column(rows, "reviewClaim", "reviewStrength", "otherSource", "otherClaim", "otherStrength", "direction") == [
        (IV_RELIEF, "promising", CHAH, INCONCLUSIVE, "inconclusive", None),
        (IV_RELIEF, "promising", R_ETCHISON, NOT_BEATEN, "limited", "no difference"),
        (CAUTION, "promising", CHAH, INCONCLUSIVE, "inconclusive", None),
    ]
    assert "p = 0.5035" in rows[1]["otherSays"]
    assert "infusion" in rows[0]["reviewSays"] and "cannot be decided" in rows[0]["otherSays"]


def test_36_sources_disagreeing_about_a_trial(graph: Graph):
    rows = select(graph, "36-sources-disagreeing-about-a-trial.rq")
    assert column(rows, "trialName", "claimName", "statedIn", "readIn", "disagreesWith") == [
        (AFRIDI, AAO_SHORTER, AAO, "AAO", AURA),
        (AFRIDI, AURA, R_AFRIDI, "PM-AF", AAO_SHORTER),
        (ZITEK, PCZ_BETTER, R_ZITEK, "SC-ZI", P_VALUES),
        (ZITEK, YEAR_2017, JIO, "JIO-ZI", YEAR_2018),
        (ZITEK, P_VALUES, CHECK, "RL-ZI", PCZ_BETTER),
        (ZITEK, YEAR_2018, EMDOCS, "EMD-ZI", YEAR_2017),
    ]
    says = {r["claimName"]: r["statement"] for r in rows}
    assert "did not shorten" in says[AURA] and "three hours less" in says[AAO_SHORTER]
    assert "P = .026" in says[PCZ_BETTER] and "0.049 for the difference at 60 minutes" in says[P_VALUES]
    assert "2018" in says[YEAR_2018] and "2017" in says[YEAR_2017]


# --- inferred links, identifiers, voices ------------------------------------------------------------------


def test_31_inferred_links_and_their_basis(graph: Graph):
    rows = select(graph, "31-inferred-links-and-their-basis.rq")
    assert column(rows, "trialName", "reviewName", "status", "assertedBy", "sources") == [
        (T1995, SR, "inferred", CURATORS, "4"),
        (AFRIDI, SR, "inferred", CURATORS, "5"),
        (ETCHISON, SR, "inferred", CURATORS, "4"),
        (THINK, SR, "inferred", CURATORS, "5"),
        (ZITEK, SR, "inferred", CURATORS, "5"),
    ]
    basis = {r["trialName"]: r["basis"] for r in rows}
    assert "18 completers" in basis[AFRIDI]
    assert "18 + 34 + 53 + 54 + 34 = 193" in basis[ETCHISON]
    assert "both of its 17-person groups" in basis[T1995]
    assert "metoclopramide with diphenhydramine" in basis[THINK]
    assert "prochlorperazine with diphenhydramine" in basis[ZITEK]
    # no inclusion in the graph is stated by a source
    stated = URIRef(KGO + "Stated")
    assert not list(graph.subjects(URIRef(KGO + "linkStatus"), stated))


def test_32_every_identifier_of_ketamine(graph: Graph):
    rows = select(graph, "32-ketamine-identifiers.rq")
    assert column(rows, "entityName", "scheme", "relation", "identifier", "labelInScheme", "verifiedIn") == [
        ("ketamine", "ChEBI", "exact", "http://purl.obolibrary.org/obo/CHEBI_6121", "ketamine", "S5"),
        ("ketamine", "ChEBI", "exact", "http://purl.obolibrary.org/obo/CHEBI_6121", "ketamine", "S6"),
        ("ketamine", "DrugBank", "exact", "https://go.drugbank.com/drugs/DB01221", "Ketamine", "S8"),
        ("ketamine", "MeSH", "exact", "http://id.nlm.nih.gov/mesh/D007649", "Ketamine", "S6"),
        ("ketamine", "MeSH", "exact", "http://id.nlm.nih.gov/mesh/D007649", "Ketamine", "S7"),
        ("ketamine", "UNII", "exact", "https://drugs.ncats.io/drug/690G0D6V8H", "KETAMINE", "S8"),
        ("ketamine", "UNII", "exact", "https://drugs.ncats.io/drug/690G0D6V8H", "KETAMINE", "S9"),
        ("ketamine", "WHO ATC", "exact", "https://atcddd.fhi.no/atc_ddd_index/?code=N01AX03", "ketamine", "S10"),
        ("ketamine", "Wikidata", "exact", "http://www.wikidata.org/entity/Q243547", "ketamine", "9a"),
        (
            "ketamine hydrochloride",
            "UNII",
            "exact",
            "https://drugs.ncats.io/drug/O18YUO0I83",
            "KETAMINE HYDROCHLORIDE",
            "S9",
        ),
    ]
    # every match of ketamine in the graph is in the answer (no scheme is missing from the query)
    skos = "http://www.w3.org/2004/02/skos/core#"
    relations = [URIRef(skos + r) for r in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")]
    for entity, name in (
        (URIRef(KG + "ketamine"), "ketamine"),
        (URIRef(KG + "ketamine-hydrochloride"), "ketamine hydrochloride"),
    ):
        matches = {str(o) for p in relations for o in graph.objects(entity, p)}
        assert matches == {r["identifier"] for r in rows if r["entityName"] == name}


def _voice_statements(built: Built) -> dict[str, Counter]:
    """Records per named graph, by class, read from the build's own graph assignment."""
    kinds = {KGO + "Claim": "claims", KGO + "RiskOfBiasJudgement": "judgements"}
    kinds |= {KGO + "InclusionLink": "inclusionLinks", KGO + "Attribution": "attributions"}
    out: dict[str, Counter] = {}
    for (_s, p, o), g in built.named.items():
        if p == RDF.type and str(o) in kinds:
            out.setdefault(str(g), Counter())[kinds[str(o)]] += 1
    return out


def test_37_voices_their_provenance_and_statements(graph: Graph, built: Built):
    rows = select(graph, "37-voices-and-their-provenance.rq")
    counts = ("claims", "judgements", "inclusionLinks", "attributions")
    assert column(rows, "assertedBy", "derivedFrom", *counts, "judgementsNotKnown") == [
        (AAO, AAO, "2", "0", "0", "0", "0"),
        (R_AFRIDI, R_AFRIDI, "1", "0", "0", "0", "0"),
        (R_BENISH, R_BENISH, "3", "0", "0", "0", "0"),
        (CHAH, CHAH, "6", "0", "0", "0", "5"),
        (CHECK, CHECK, "1", "0", "0", "0", "0"),
        (R_ETCHISON, R_ETCHISON, "3", "0", "0", "0", "0"),
        (JIO, JIO, "1", "0", "0", "0", "0"),
        (REVIEW, REVIEW, "29", "0", "0", "1", "0"),
        (R1995, R1995, "2", "0", "0", "0", "0"),
        (R_ZITEK, R_ZITEK, "3", "0", "0", "0", "0"),
        (EMDOCS, EMDOCS, "1", "0", "0", "0", "0"),
        (CURATORS, None, "0", "0", "5", "1", "0"),
    ]
    assert [r["graphName"] for r in rows] == [f"Statements of {r['assertedBy']}" for r in rows]
    assert {r["madeBy"] for r in rows} == {CURATORS}
    released = graph.value(built.dataset, URIRef("https://schema.org/datePublished"))
    assert isinstance(released, Literal)
    assert {r["generatedOn"] for r in rows} == {str(released)}
    # the counts from the union are what the build put into each voice's named graph
    in_graphs = _voice_statements(built)
    assert {r["graph"] for r in rows} == set(in_graphs)
    for r in rows:
        assert {k: int(r[k]) for k in counts if int(r[k])} == dict(in_graphs[r["graph"]]), r["graphName"]
    # the review's not-known judgements are the curators' record of a gap, outside Chah's graph
    gaps = set(graph.subjects(URIRef(KGO + "judgement"), URIRef(KGO + "RiskNotKnown")))
    assert len(gaps) == 5
    assert not [t for t in built.named if t[0] in gaps]
    chah = URIRef(KG + "statements-of-chah-2021")
    assert graph.value(chah, PROV_DERIVED) == URIRef(KG + "chah-2021")


def test_38_claims_by_voice_and_strength(graph: Graph):
    rows = select(graph, "38-claims-by-voice-and-strength.rq")
    assert column(rows, "voice", "strength", "claims", "withDirection") == [
        (AAO, "limited", "2", "1"),
        (R_AFRIDI, "limited", "1", "1"),
        (R_BENISH, "limited", "3", "1"),
        (CHAH, "inconclusive", "3", "0"),
        (CHAH, "limited", "3", "0"),
        (CHECK, "limited", "1", "0"),
        (R_ETCHISON, "limited", "3", "3"),
        (JIO, "established", "1", "0"),
        (REVIEW, "established", "11", "0"),
        (REVIEW, "inconclusive", "2", "0"),
        (REVIEW, "limited", "2", "0"),
        (REVIEW, "mixed", "1", "0"),
        (REVIEW, "promising", "7", "0"),
        (REVIEW, "uncertain", "6", "0"),
        (R1995, "limited", "2", "1"),
        (R_ZITEK, "limited", "3", "2"),
        (EMDOCS, "established", "1", "0"),
    ]
    # no voice but the popular review calls anything promising
    assert {r["voice"] for r in rows if r["strength"] == "promising"} == {REVIEW}
