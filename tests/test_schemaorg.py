"""schema.org is used as schema.org defines it: terms, domains and ranges (design.md §2)."""

from __future__ import annotations

from rdflib import Literal, URIRef

from ketagraph.checking.shacl import load_ontology

from .schemaorg import check

SDO = "https://schema.org/"
KG = "https://w3id.org/ketagraph/id/"


def test_shipped_graph_uses_schemaorg_as_defined(shipped_build):
    problems = check(shipped_build.built.graph, ontology=load_ontology())
    assert problems == []


def test_the_checker_catches_each_kind_of_misuse(shipped_build):
    g = shipped_build.built.graph.__class__()
    for t in shipped_build.built.graph:
        g.add(t)
    ketamine = URIRef(KG + "ketamine")
    g.add((ketamine, URIRef(SDO + "adverseOutcome"), URIRef(KG + "dissociative-symptoms")))  # Drug is not a therapy
    g.add((ketamine, URIRef(SDO + "mechanismOfAction"), URIRef(KG + "nmda-receptor-blockade")))  # takes Text
    g.add((ketamine, URIRef(SDO + "colour"), Literal("white")))  # not a schema.org term
    g.add((ketamine, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(SDO + "Medicine")))
    problems = "\n".join(check(g, ontology=load_ontology()))
    assert "adverseOutcome used on https://w3id.org/ketagraph/id/ketamine" in problems
    assert "mechanismOfAction on https://w3id.org/ketagraph/id/ketamine has value" in problems
    assert "https://schema.org/colour is not defined" in problems
    assert "class https://schema.org/Medicine is not defined" in problems


def test_ontology_aligns_only_to_defined_schemaorg_terms():
    from rdflib import RDFS

    onto = load_ontology()
    from .schemaorg import vocabulary

    vocab = vocabulary()
    for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range):
        for _, target in onto.subject_objects(p):
            if str(target).startswith(SDO):
                assert (target, None, None) in vocab, f"{target} is not defined by schema.org"
