"""The evidence beneath the review: one named graph per voice with its provenance, and a trial
exported on its own as JSON-LD that a reader understands without the ontology."""

from __future__ import annotations

import json

from pyld import jsonld
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from ketagraph.release.entity import describe
from ketagraph.vocab import KGO, PROV, SKOS, kg_iri

from .conftest import DATA

TRIAL = "etchison-2018-trial"


def test_each_voice_has_a_named_graph_with_provenance(shipped_build):
    ds = Dataset()
    ds.parse(shipped_build.out / "ketagraph.trig", format="trig")
    names = {g.identifier for g in ds.graphs() if str(g.identifier).startswith(str(kg_iri("statements-of-")))}
    assert {kg_iri("statements-of-review-ketamine-migraine"), kg_iri("statements-of-chah-2021")} <= names
    assert kg_iri("statements-of-ketagraph-curators") in names  # the inferred inclusion links
    union = shipped_build.built.graph
    for name in names:
        assert (name, PROV.wasAttributedTo, None) in union
        assert (name, PROV.generatedAtTime, None) in union
        assert (name, KGO.assertedBy, None) in union
    # every claim of the source paper sits in the source paper's graph, and nowhere else
    chah = ds.graph(kg_iri("statements-of-chah-2021"))
    claims = set(chah.subjects(PROV.wasDerivedFrom, kg_iri("chah-2021")))
    assert claims and all(
        (c, None, None) not in ds.graph(kg_iri("statements-of-review-ketamine-migraine")) for c in claims
    )


def test_what_curators_add_is_not_put_in_a_source_s_mouth(shipped_build):
    named = shipped_build.built.named
    for (_, p, _), graph in named.items():
        assert p not in (SKOS.editorialNote, KGO.verifiedIn, KGO.relatedClaim, KGO.disagreesWith), graph
    # the inclusion of each trial is the curators' inference, in the curators' graph
    inclusions = {t for t, g in named.items() if t[1] == KGO.linkStatus}
    assert inclusions and {named[t] for t in inclusions} == {kg_iri("statements-of-ketagraph-curators")}
    assert {t[2] for t in inclusions} == {KGO.Inferred}


def test_one_trial_as_jsonld_reads_without_the_ontology(cli):
    result = cli("export", "--format", "jsonld", "--entity", TRIAL, "--data", DATA)
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["type"] == "MedicalTrial" and doc["id"] == f"kg:{TRIAL}"
    arms = {arm["name"]: arm for arm in doc["hasArm"]}
    ketamine_arm = next(a for name, a in arms.items() if "ketamine" in name)
    given = ketamine_arm["hasAdministration"]
    assert given["dose"] == {
        "id": given["dose"]["id"],
        "type": "QuantitativeValue",
        "unitCode": "mg/kg",
        "value": "0.2",
    }
    assert given["route"]["name"] == "intravenous"
    assert len(doc["@context"]) < 60  # only the terms this document uses
    # and it is the entity's description, losslessly
    from ketagraph.reading.pipeline import read_data

    built = read_data(DATA)
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), describe(built, URIRef(kg_iri(TRIAL))))


def test_unknown_entity(cli):
    result = cli("export", "--format", "jsonld", "--entity", "no-such-trial", "--data", DATA)
    assert result.exit_code == 2 and "not an entity" in result.stderr
