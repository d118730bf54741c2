"""The SPARQL competency questions in ``queries/``: each one parses, runs, and gives the answer the data holds.

Every ``queries/NN-name.rq`` starts with ``# question:`` (and ``# covers:``) comment lines. Each query has
its own test below that checks its answer against the curated data: exact sets or lists of labels and
values, so that a broken query, a renamed predicate or a changed record makes a test fail. One
parametrised test runs every query on Oxigraph too and compares the answers, which catches
rdflib-only behaviour (rdflib also silently knows the graph's prefixes; Oxigraph does not).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.plugins.sparql import prepareQuery

from ketagraph.reading.pipeline import read_data

REPO = Path(__file__).resolve().parent.parent
QUERIES = REPO / "queries"
QUERY_FILES = sorted(QUERIES.glob("*.rq"))

REVIEW = "Popular review: ketamine for migraines"
REVIEW_TITLE = "Ketamine in the Treatment of Migraines: A Review of Current Research"
CHAH = "Chah et al. 2021"
CHAH_TITLE = (
    "Efficacy of ketamine in the treatment of migraines and other unspecified primary headache disorders "
    "compared to placebo and other interventions: a systematic review"
)
CURATORS = "ketagraph curators"
NLM = "National Library of Medicine"
THERAPY = "ketamine therapy for migraine"
OPENING = "Opening"
INTRODUCTION = "Introduction to Ketamine for Migraine Pain Management"
MECHANISM = "Ketamine's Mechanism of Action"
CLINICAL = "Clinical Studies"
SAFETY = "Safety Considerations"
FUTURE = "Future Directions"
PRELIMINARY = "preliminary trials of ketamine for migraine"
RCTS = "randomised controlled trials of ketamine in acute migraine attacks"
LONG_TERM = "research on ketamine's long-term effects in migraine"
Q_DOSE = "Which dose of ketamine works best for treating migraine?"
Q_FREQUENCY = "How often should ketamine be given to people with migraine?"
Q_SAFETY = "Which side effects does ketamine cause when used for migraine, and is it safe over the long term?"
Q_PROTOCOL = "How should a ketamine treatment protocol for migraine be designed to work best?"
Q_WHO = "Which groups of people with migraine are most likely to be helped by ketamine?"

Row = dict[str, str | None]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return read_data(REPO / "data").graph


def _text(name: str) -> str:
    path = QUERIES / name
    assert path.is_file(), f"queries/{name} is missing"
    return path.read_text(encoding="utf-8")


def select(graph: Graph, name: str) -> list[Row]:
    """The rows of a SELECT query, in the query's order, as lexical values (None when unbound)."""
    result = graph.query(_text(name))
    assert result.type == "SELECT", name
    names = [str(v) for v in result.vars]
    return [{n: (None if v is None else str(v)) for n, v in zip(names, row, strict=True)} for row in result]


def column(rows: list[Row], *names: str) -> list[tuple[str | None, ...]]:
    return [tuple(r[n] for n in names) for r in rows]


# --- the collection as a whole --------------------------------------------------------------------


def test_there_are_at_least_15_competency_questions():
    assert len(QUERY_FILES) >= 15
    assert not (QUERIES / ".keep").exists()


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_query_file_states_its_question_and_parses(path: Path):
    assert path.name[:2].isdigit() and path.name[2] == "-", "name it NN-short-name.rq"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# question: ") and lines[0].rstrip().endswith("?"), lines[0]
    assert lines[1].startswith("# covers: "), lines[1]
    text = path.read_text(encoding="utf-8")
    prepareQuery(text)
    # Oxigraph knows no prefixes the query does not declare (rdflib falls back on its own: schema, rdfs, ...)
    ox.Store().query(text)


def test_query_numbers_are_unique_and_consecutive():
    numbers = [int(p.name[:2]) for p in QUERY_FILES]
    assert numbers == list(range(1, len(numbers) + 1))


# --- the same answers on a second engine ------------------------------------------------------------


@pytest.fixture(scope="module")
def oxigraph_store(graph: Graph) -> ox.Store:
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def _ox_lexical(term) -> str:
    return "" if term is None else term.value


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_rdflib_and_oxigraph_agree(graph: Graph, oxigraph_store: ox.Store, path: Path):
    text = path.read_text(encoding="utf-8")
    mine = graph.query(text)
    theirs = oxigraph_store.query(text)
    if mine.type == "SELECT":
        assert isinstance(theirs, ox.QuerySolutions)
        assert [str(v) for v in mine.vars] == [v.value for v in theirs.variables]
        rdflib_rows = sorted(tuple("" if v is None else str(v) for v in row) for row in mine)
        ox_rows = sorted(tuple(_ox_lexical(s[v]) for v in theirs.variables) for s in theirs)
        assert rdflib_rows, f"{path.name} has no answer"
        assert rdflib_rows == ox_rows
    elif mine.type == "ASK":
        assert isinstance(theirs, ox.QueryBoolean)
        assert mine.askAnswer == bool(theirs)
    else:
        assert isinstance(theirs, ox.QueryTriples)
        rdflib_triples = sorted(tuple(str(t) for t in triple) for triple in mine.graph)
        ox_triples = sorted((t.subject.value, t.predicate.value, t.object.value) for t in theirs)
        assert rdflib_triples
        assert rdflib_triples == ox_triples


# --- migraine -------------------------------------------------------------------------------------


def test_01_migraine_condition(graph: Graph):
    rows = select(graph, "01-migraine-condition.rq")
    assert column(rows, "conditionName", "broaderConditionName") == [
        ("acute migraine", "migraine"),
        ("chronic migraine", "migraine"),
        ("migraine", "primary headache disorder"),
        ("migraine with prolonged aura", "migraine"),
        ("refractory migraine", "migraine"),
    ]
    migraine = next(r for r in rows if r["conditionName"] == "migraine")
    assert "neurological disorder" in migraine["description"]


def test_02_migraine_symptoms(graph: Graph):
    rows = select(graph, "02-migraine-symptoms.rq")
    assert column(rows, "symptomName", "quality") == [
        ("nausea", None),
        ("phonophobia", None),
        ("photophobia", None),
        ("throbbing headache", "throbbing"),
    ]
    # all four are listed in one sentence: the opening's paragraph 2, sentence 1
    assert set(column(rows, "sectionName", "paragraph", "sentence")) == {(OPENING, "2", "1")}


def test_03_migraine_burden(graph: Graph):
    rows = select(graph, "03-migraine-burden.rq")
    assert column(rows, "sectionName", "paragraph", "sentence", "strength") == [
        (OPENING, "1", "1", "established"),
        (INTRODUCTION, "1", "1", "established"),
    ]
    second_cause = rows[0]
    assert second_cause["claimName"] == "migraine ranks second among causes of disability worldwide"
    for words in ("second among the causes of disability", "illness", "quality of life", "productivity"):
        assert words in second_cause["statement"]
    assert "millions" in rows[1]["statement"]


def test_04_burden_quotation_has_both_attributions(graph: Graph):
    rows = select(graph, "04-claim-attributions.rq")
    claim = "migraine ranks second among causes of disability worldwide"
    assert column(rows, "claimName", "creditedTo", "creditedBy", "verifiedIn") == [
        (claim, CHAH, CURATORS, "FD"),
        (claim, CHAH, CURATORS, "POP"),
        (claim, NLM, REVIEW, "POP"),
    ]
    basis = {r["creditedTo"]: r["basis"] for r in rows}
    assert "first sentence of the abstract of Chah et al. 2021" in basis[CHAH]
    assert "National Library of Medicine" in basis[NLM]


def test_05_conventional_treatment_leaves_unmet_needs(graph: Graph):
    rows = select(graph, "05-conventional-treatment-gap.rq")
    assert column(rows, "treatmentName", "claimName", "sectionName", "paragraph", "sentence", "strength") == [
        (
            "conventional migraine treatment",
            "conventional treatment leaves many patients with unmet needs",
            OPENING,
            "2",
            "2",
            "established",
        ),
        (
            "conventional migraine treatment",
            "some patients get inadequate relief from existing treatments",
            INTRODUCTION,
            "1",
            "2",
            "established",
        ),
    ]


# --- ketamine and its mechanism -----------------------------------------------------------------------


def test_06_ketamine_uses_and_classes(graph: Graph):
    rows = select(graph, "06-ketamine-uses-and-classes.rq")
    assert column(rows, "drugName", "aspect", "value") == [
        ("ketamine", "drug class", "NMDA receptor antagonist"),
        ("ketamine", "drug class", "anaesthetic"),
        ("ketamine", "drug class", "analgesic"),
        ("ketamine", "traditional use", "anaesthetic"),
        ("ketamine", "traditional use", "analgesic"),
    ]


def test_07_ketamine_mechanism(graph: Graph):
    rows = select(graph, "07-ketamine-mechanism.rq")
    assert column(rows, "mechanismName", "action", "targetName", "strength", "sentence") == [
        ("blockade of NMDA receptors", "Blocks", "NMDA receptor", "established", "1"),
        ("influence on neuroplasticity", "Influences", "neuroplasticity", "established", "1"),
        ("modulation of glutamate signalling", "Modulates", "glutamate signalling", "established", "1"),
        ("possible interruption of the migraine cascade", "MayInterrupt", "migraine", "uncertain", "2"),
    ]
    assert {r["sectionName"] for r in rows} == {MECHANISM}


def test_08_nmda_receptor_glutamate_and_neuroplasticity_are_entities(graph: Graph):
    rows = select(graph, "08-mechanism-entities.rq")
    assert column(rows, "entityName", "kind", "involvesName", "actedOnBy") == [
        ("NMDA receptor", "protein", None, "blockade of NMDA receptors"),
        ("glutamate", "molecular entity", None, None),
        ("glutamate signalling", "biological process", "NMDA receptor", "modulation of glutamate signalling"),
        ("glutamate signalling", "biological process", "glutamate", "modulation of glutamate signalling"),
        ("neuroplasticity", "biological process", None, "influence on neuroplasticity"),
    ]


def test_24_mechanism_map(graph: Graph):
    result = graph.query(_text("24-mechanism-map.rq"))
    assert result.type == "CONSTRUCT"
    g = result.graph
    names = {str(s).rsplit("/", 1)[1]: str(o) for s, p, o in g if str(p) == "https://schema.org/name"}
    assert names == {
        "ketamine": "ketamine",
        "nmda-receptor-blockade": "blockade of NMDA receptors",
        "glutamate-signalling-modulation": "modulation of glutamate signalling",
        "neuroplasticity-influence": "influence on neuroplasticity",
        "migraine-cascade-interruption": "possible interruption of the migraine cascade",
        "nmda-receptor": "NMDA receptor",
        "glutamate-signalling": "glutamate signalling",
        "neuroplasticity": "neuroplasticity",
        "glutamate": "glutamate",
        "migraine": "migraine",
    }
    kgo = "https://w3id.org/ketagraph/ontology#"
    acts_on = {(str(s).rsplit("/", 1)[1], str(o).rsplit("/", 1)[1]) for s, p, o in g if str(p) == kgo + "actsOn"}
    assert acts_on == {
        ("nmda-receptor-blockade", "nmda-receptor"),
        ("glutamate-signalling-modulation", "glutamate-signalling"),
        ("neuroplasticity-influence", "neuroplasticity"),
        ("migraine-cascade-interruption", "migraine"),
    }
    actions = {str(o).removeprefix(kgo) for _, p, o in g if str(p) == kgo + "actionType"}
    assert actions == {"Blocks", "Modulates", "Influences", "MayInterrupt"}
    assert len(g) == 24


# --- clinical studies and patients ------------------------------------------------------------------


def test_09_clinical_study_findings(graph: Graph):
    rows = select(graph, "09-clinical-study-findings.rq")
    assert column(rows, "bullet", "studyKind", "findingName", "strength", "firstSentence") == [
        ("1", PRELIMINARY, "preliminary trials of ketamine for migraine are promising", "promising", "1"),
        ("1", PRELIMINARY, "IV ketamine gave rapid, sustained relief in some patients", "promising", "2"),
        ("2", RCTS, "RCTs of ketamine in acute migraine gave mixed results", "mixed", "1"),
        ("2", RCTS, "the mixed RCT results call for further investigation", "inconclusive", "2"),
        ("3", LONG_TERM, "few studies of ketamine's long-term effects in migraine", "limited", "1"),
        ("3", LONG_TERM, "dose, frequency and side effects remain open questions", "uncertain", "2"),
    ]
    findings = {r["findingName"]: r["finding"] for r in rows}
    relief = findings["IV ketamine gave rapid, sustained relief in some patients"]
    assert all(w in relief for w in ("intravenous", "quick", "lasting", "chronic", "refractory"))
    rcts = findings["RCTs of ketamine in acute migraine gave mixed results"]
    assert all(w in rcts for w in ("acute", "severe", "how long"))


def test_10_clinical_study_conduct(graph: Graph):
    rows = select(graph, "10-clinical-study-conduct.rq")
    assert column(rows, "studyKind", "design", "routeName", "delivery", "conditionName") == [
        (PRELIMINARY, None, "intravenous", "infusion", "chronic migraine"),
        (PRELIMINARY, None, "intravenous", "infusion", "migraine"),
        (PRELIMINARY, None, "intravenous", "infusion", "refractory migraine"),
        (RCTS, "RandomizedTrial", None, None, "migraine"),
        (LONG_TERM, None, None, None, "migraine"),
    ]


def test_11_patient_profiles(graph: Graph):
    rows = select(graph, "11-patient-profiles.rq")
    assert column(rows, "profileName", "conditionName", "strength") == [
        ("patients intolerant of standard migraine therapies", "migraine", "promising"),
        ("patients with chronic migraine", "chronic migraine", "promising"),
        ("patients with medication-resistant migraine", "refractory migraine", "promising"),
    ]
    assert set(column(rows, "therapyName", "sectionName", "paragraph")) == {(THERAPY, "Patient Profiles", "1")}


# --- safety -------------------------------------------------------------------------------------------


def test_12_safety(graph: Graph):
    all_rows = select(graph, "12-safety.rq")
    rows = [r for r in all_rows if r["sectionName"] == SAFETY]
    # the trials' reports speak about safety too, each in its abstract, each a single trial's finding
    others = [r for r in all_rows if r["sectionName"] != SAFETY]
    assert others and {(r["sectionName"], r["strength"]) for r in others} == {("Abstract", "limited")}
    assert column(rows, "claimName", "strength", "sectionName", "paragraph", "sentence") == [
        ("ketamine's safety in migraine treatment is still under investigation", "uncertain", SAFETY, "1", "1"),
        ("ketamine's safety is well established in anaesthesia", "established", SAFETY, "1", "1"),
        ("dissociative and psychotomimetic effects need careful consideration", "established", SAFETY, "1", "2"),
    ]


def test_13_adverse_effects(graph: Graph):
    all_rows = select(graph, "13-adverse-effects.rq")
    # the therapy's adverse effects: the two the review warns of, with where it says so, and
    # those the trials beneath it reported (their sources are the trial claims, query 27)
    assert {r["adverseEffectName"] for r in all_rows if r["sectionName"] is None} == {
        "generalized discomfort",
        "fatigue",
        "asthenia",
        "adverse effects leading to withdrawal",
    }
    rows = [r for r in all_rows if r["sectionName"] is not None]
    assert column(rows, "therapyName", "adverseEffectName", "alsoCalled", "sectionName", "sentence", "strength") == [
        (THERAPY, "dissociative symptoms", "dissociation", SAFETY, "2", "established"),
        (THERAPY, "psychotomimetic effects", "psychosis-like effects", SAFETY, "2", "established"),
    ]


# --- open questions, future directions, conclusion --------------------------------------------------


def test_14_open_questions_and_future_directions(graph: Graph):
    rows = select(graph, "14-open-questions-and-future-directions.rq")
    dose_claim = "dose, frequency and side effects remain open questions"
    assert column(rows, "category", "claimName", "researchQuestion", "strength") == [
        ("open question", "the mixed RCT results call for further investigation", None, "inconclusive"),
        ("open question", "few studies of ketamine's long-term effects in migraine", None, "limited"),
        ("open question", dose_claim, Q_FREQUENCY, "uncertain"),
        ("open question", dose_claim, Q_DOSE, "uncertain"),
        ("open question", dose_claim, Q_SAFETY, "uncertain"),
        ("future direction", "continued research on ketamine for migraine is warranted", None, "uncertain"),
        ("future direction", "future studies should clarify long-term safety", Q_SAFETY, "limited"),
        ("future direction", "future studies should identify who is most likely to benefit", Q_WHO, "uncertain"),
        ("future direction", "future studies should optimise treatment protocols", Q_PROTOCOL, "uncertain"),
    ]
    assert column(rows, "sectionName", "paragraph", "bullet", "sentence") == [
        (CLINICAL, None, "2", "2"),
        (CLINICAL, None, "3", "1"),
        (CLINICAL, None, "3", "2"),
        (CLINICAL, None, "3", "2"),
        (CLINICAL, None, "3", "2"),
        (FUTURE, "1", None, "1"),
        (FUTURE, "1", None, "2"),
        (FUTURE, "1", None, "2"),
        (FUTURE, "1", None, "2"),
    ]


def test_15_conclusion(graph: Graph):
    rows = select(graph, "15-conclusion.rq")
    assert column(rows, "sectionName", "paragraph", "sentence", "claimName", "strength") == [
        (FUTURE, "2", "1", "research is promising but clinical use calls for caution", "promising"),
        (FUTURE, "2", "2", "better-designed trials are needed before ketamine's role is settled", "inconclusive"),
        (FUTURE, "2", "3", "ketamine may become a valuable addition to migraine treatment", "promising"),
    ]
    assert "cautiously" in rows[0]["statement"]
    assert "rigorously designed trials" in rows[1]["statement"]


# --- the review and its source paper ---------------------------------------------------------------


def test_16_review_article_and_its_sections(graph: Graph):
    rows = select(graph, "16-review-article-sections.rq")
    assert {r["articleTitle"] for r in rows} == {REVIEW_TITLE}
    assert column(rows, "position", "sectionName", "claims") == [
        ("1", OPENING, "5"),
        ("2", INTRODUCTION, "3"),
        ("3", MECHANISM, "4"),
        ("4", CLINICAL, "6"),
        ("5", "Patient Profiles", "1"),
        ("6", SAFETY, "3"),
        ("7", FUTURE, "7"),
        ("8", "References", "0"),
    ]


def test_17_source_paper(graph: Graph):
    rows = select(graph, "17-source-paper.rq")
    assert rows == [
        {
            "citingArticle": REVIEW_TITLE,
            "paperName": CHAH,
            "paperTitle": CHAH_TITLE,
            "journalName": "Journal of Dental Anesthesia and Pain Medicine",
            "year": "2021",
            "volume": "21",
            "issue": "5",
            "pageStart": "413",
            "pageEnd": "429",
            "doi": "10.17245/jdapm.2021.21.5.413",
        }
    ]


def test_18_source_paper_authors_in_order(graph: Graph):
    rows = select(graph, "18-source-paper-authors.rq")
    assert column(rows, "paperName", "position", "familyName", "givenName", "authorName") == [
        (CHAH, "1", "Chah", "Neysan", "Neysan Chah"),
        (CHAH, "2", "Jones", "Mike", "Mike Jones"),
        (CHAH, "3", "Milord", "Steve", "Steve Milord"),
        (CHAH, "4", "Al-Eryani", "Kamal", "Kamal Al-Eryani"),
        (CHAH, "5", "Enciso", "Reyes", "Reyes Enciso"),
    ]
    affiliations = {r["familyName"]: r["affiliationName"] for r in rows}
    assert affiliations["Al-Eryani"] == "Division of Diagnostic Sciences, Herman Ostrow School of Dentistry of USC"
    assert all("Herman Ostrow School of Dentistry" in a for a in affiliations.values())


def test_19_review_cites_source_paper_by_doi(graph: Graph):
    text = _text("19-review-cites-source-paper.rq")
    assert graph.query(text).askAnswer is True
    # the ASK really depends on the DOI: another DOI gives "no"
    other = text.replace("10.17245/jdapm.2021.21.5.413", "10.17245/jdapm.2021.21.5.999")
    assert other != text
    assert graph.query(other).askAnswer is False


# --- provenance: where each claim stands, and who says so ----------------------------------------------


def test_20_every_claim_has_its_locator(graph: Graph):
    all_rows = select(graph, "20-claim-locators.rq")
    claims = set(graph.subjects(RDF.type, URIRef("https://w3id.org/ketagraph/ontology#Claim")))
    assert len(all_rows) == len(claims)  # every claim, of every source, has its locator
    for r in all_rows:
        assert (r["paragraph"] is None) != (r["bullet"] is None), r
    rows = [r for r in all_rows if r["documentName"] == REVIEW]
    assert len(rows) == 29
    # exactly one of paragraph and bullet, and at least one sentence
    for r in rows:
        assert (r["paragraph"] is None) != (r["bullet"] is None), r
        assert int(r["firstSentence"]) <= int(r["lastSentence"]), r
    # bullets only in the Clinical Studies section
    assert {r["sectionName"] for r in rows if r["bullet"] is not None} == {CLINICAL}
    by_name = {r["claimName"]: r for r in rows}
    locate = ("sectionName", "paragraph", "bullet", "firstSentence", "lastSentence", "category", "strength")
    assert tuple(by_name["RCTs of ketamine in acute migraine gave mixed results"][k] for k in locate) == (
        CLINICAL,
        None,
        "2",
        "1",
        "2",
        "efficacy",
        "mixed",
    )
    assert tuple(by_name["some patient groups may benefit more from ketamine"][k] for k in locate) == (
        "Patient Profiles",
        "1",
        None,
        "1",
        "2",
        "patient-selection",
        "promising",
    )
    # the mechanism sentence gives three claims that share one locator
    shared = {
        n
        for n, r in by_name.items()
        if (r["sectionName"], r["paragraph"], r["firstSentence"], r["lastSentence"]) == (MECHANISM, "1", "1", "1")
    }
    assert shared == {
        "ketamine blocks NMDA receptors",
        "ketamine modulates glutamate signalling",
        "ketamine influences neuroplasticity",
    }
    # rows follow the reading order of the article
    positions = [int(r["sectionPosition"]) for r in rows]
    assert positions == sorted(positions)


def test_21_evidence_and_who_says_so(graph: Graph):
    all_rows = select(graph, "21-evidence-and-who-says-so.rq")
    rows = [r for r in all_rows if r["statedIn"] == REVIEW]
    # the source paper speaks too, and more cautiously
    chah = {(r["claimName"], r["strength"]) for r in all_rows if r["statedIn"] == CHAH}
    assert chah and {s for _, s in chah} <= {"inconclusive", "limited"}
    assert column(rows, "category", "claimName", "strength") == [
        ("conclusion", "better-designed trials are needed before ketamine's role is settled", "inconclusive"),
        ("conclusion", "ketamine may become a valuable addition to migraine treatment", "promising"),
        ("conclusion", "research is promising but clinical use calls for caution", "promising"),
        ("efficacy", "IV ketamine gave rapid, sustained relief in some patients", "promising"),
        ("efficacy", "RCTs of ketamine in acute migraine gave mixed results", "mixed"),
        ("efficacy", "preliminary trials of ketamine for migraine are promising", "promising"),
        ("epidemiology", "migraine is a common neurological disorder affecting millions", "established"),
        ("epidemiology", "migraine ranks second among causes of disability worldwide", "established"),
        ("epidemiology", "migraine ranks second among causes of disability worldwide", "established"),
    ]
    # who says so: the review itself, except for the burden quotation, which has two credits
    assert column(rows, "creditedTo", "creditedBy") == [(REVIEW, REVIEW)] * 7 + [(CHAH, CURATORS), (NLM, REVIEW)]
    assert {r["statedIn"] for r in rows} == {REVIEW}
    caveated = {r["claimName"] for r in rows if r["curatorsNote"] is not None}
    assert caveated == {
        "IV ketamine gave rapid, sustained relief in some patients",
        "RCTs of ketamine in acute migraine gave mixed results",
        "migraine ranks second among causes of disability worldwide",
        "preliminary trials of ketamine for migraine are promising",
        "research is promising but clinical use calls for caution",
    }
    rct_note = next(r["curatorsNote"] for r in rows if r["claimName"].startswith("RCTs"))
    assert "five RCTs with 193 patients" in rct_note


def test_22_evidence_strength_summary(graph: Graph):
    rows = select(graph, "22-evidence-strength-summary.rq")
    assert column(rows, "category", "strength", "claims") == [
        ("background", "established", "3"),
        ("background", "promising", "1"),
        ("conclusion", "inconclusive", "1"),
        ("conclusion", "promising", "2"),
        ("efficacy", "mixed", "1"),
        ("efficacy", "promising", "2"),
        ("epidemiology", "established", "2"),
        ("future-direction", "limited", "1"),
        ("future-direction", "uncertain", "3"),
        ("mechanism", "established", "3"),
        ("mechanism", "uncertain", "1"),
        ("open-question", "inconclusive", "1"),
        ("open-question", "limited", "1"),
        ("open-question", "uncertain", "1"),
        ("patient-selection", "promising", "1"),
        ("pharmacology", "established", "1"),
        ("pharmacology", "promising", "1"),
        ("safety", "established", "2"),
        ("safety", "uncertain", "1"),
    ]
    assert sum(int(r["claims"]) for r in rows) == 29


def test_23_external_identifiers_across_schemes(graph: Graph):
    rows = select(graph, "23-external-identifiers.rq")

    def of(entity: str) -> set[tuple[str | None, ...]]:
        return {(r["scheme"], r["relation"], r["identifier"]) for r in rows if r["entityName"] == entity}

    assert of("ketamine") == {
        ("ChEBI", "exact", "http://purl.obolibrary.org/obo/CHEBI_6121"),
        ("MeSH", "exact", "http://id.nlm.nih.gov/mesh/D007649"),
        ("DrugBank", "exact", "https://go.drugbank.com/drugs/DB01221"),
        ("UNII", "exact", "https://drugs.ncats.io/drug/690G0D6V8H"),
        ("WHO ATC", "exact", "https://atcddd.fhi.no/atc_ddd_index/?code=N01AX03"),
        ("Wikidata", "exact", "http://www.wikidata.org/entity/Q243547"),
    }
    assert {(r["scheme"], r["relation"]) for r in rows if r["entityName"] == "migraine"} == {
        ("MONDO", "exact"),
        ("Human Disease Ontology", "exact"),
        ("MeSH", "exact"),
        ("ICD-10-CM", "exact"),
        ("ICD-11 Foundation", "exact"),
        ("NCI Thesaurus", "exact"),
        ("UMLS", "exact"),
        ("Wikidata", "exact"),
        ("Human Phenotype Ontology", "close"),
    }
    assert of("phonophobia") == {
        ("Human Phenotype Ontology", "exact", "http://purl.obolibrary.org/obo/HP_0002183"),
        ("MeSH", "related", "http://id.nlm.nih.gov/mesh/D012001"),
    }
    assert of(CHAH) == {
        ("DOI", "exact", "https://doi.org/10.17245/jdapm.2021.21.5.413"),
        ("PubMed", "exact", "https://pubmed.ncbi.nlm.nih.gov/34703891/"),
        ("PubMed Central", "exact", "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC8520840/"),
    }
    labels = {r["identifier"]: r["labelInScheme"] for r in rows}
    assert labels["http://purl.obolibrary.org/obo/GO_0017146"] == "NMDA selective glutamate receptor complex"
    assert labels["http://id.nlm.nih.gov/mesh/D012001"] == "Hyperacusis"
    assert labels["http://linkedlifedata.com/resource/umls/id/C0149931"] is None  # the source gives no label
    # every identifier the graph matches an entity to is found here under a known scheme, once per relation
    skos = "http://www.w3.org/2004/02/skos/core#"
    relations = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
    matched = {(s, str(o)) for r in relations for s, o in graph.subject_objects(predicate=URIRef(skos + r))}
    assert of("chronic migraine") == {("MONDO", "broad", "http://purl.obolibrary.org/obo/MONDO_0005277")}
    assert len(rows) == len(matched) == 95
