"""CURIEs go through one library (curies) from one prefix map per purpose: vocab.PREFIXES for
the graph's own namespaces, schemes.SCHEMES for external identifiers. Checked on every CURIE of
the identifier register and on every prefix."""

from __future__ import annotations

import re

import pytest
import yaml

from ketagraph import schemes, vocab

from .conftest import REPO

_REGISTER = yaml.safe_load((REPO / "data" / "identifiers.yaml").read_text(encoding="utf-8"))["identifier_register"]
_CURIES = [entry["curie"] for entry in _REGISTER]


def test_the_register_is_not_empty():
    assert len(_CURIES) > 10


@pytest.mark.parametrize("curie", _CURIES)
def test_every_register_curie_expands_and_compresses_back(curie: str):
    scheme, local = schemes.split_curie(curie)
    iri = schemes.expand(curie)
    assert iri == scheme.iri_prefix + local + scheme.iri_suffix
    assert re.fullmatch(scheme.iri_pattern, iri)
    assert schemes.scheme_of_iri(iri) is scheme
    converter = schemes.converter()
    assert converter.expand_strict(curie) == scheme.iri_prefix + local
    assert converter.compress_strict(scheme.iri_prefix + local) == curie


def test_every_scheme_is_in_the_converter():
    assert sorted(schemes.converter().get_prefixes()) == sorted(schemes.SCHEMES)


@pytest.mark.parametrize(("prefix", "ns"), list(vocab.PREFIXES.items()))
def test_every_prefix_round_trips(prefix: str, ns: str):
    assert vocab.curie(ns + "Thing") == f"{prefix}:Thing"
    assert vocab.expand_curie(f"{prefix}:Thing") == ns + "Thing"
    assert vocab.curie(ns) == ns  # a namespace alone has no local part: it stays an IRI


def test_no_namespace_starts_another():
    """So the first matching prefix (the hand-written rule) and the longest (curies') agree."""
    namespaces = list(vocab.PREFIXES.values())
    assert not [(a, b) for a in namespaces for b in namespaces if a != b and b.startswith(a)]


@pytest.mark.parametrize("value", ["@id", "urn:issn:2383-9309", "https://doi.org/10.1/x", "nope:x", "plain"])
def test_what_is_not_a_known_curie_is_left_alone(value: str):
    assert vocab.expand_curie(value) == value
    assert vocab.curie(value) == value


def test_local_name():
    assert vocab.local_name("https://w3id.org/ketagraph/ontology#Claim") == "Claim"
    assert vocab.local_name("https://schema.org/Drug") == "Drug"
    assert vocab.local_name("http://purl.obolibrary.org/obo/CHEBI_6121") == "CHEBI_6121"
