"""External identifier schemes: CURIEs expand to canonical IRIs, and bad ones are refused."""

from __future__ import annotations

import re

import pytest

from ketagraph.schemes import SCHEMES, CurieError, expand, scheme_of_iri


@pytest.mark.parametrize(
    ("curie", "iri"),
    [
        ("CHEBI:6121", "http://purl.obolibrary.org/obo/CHEBI_6121"),
        ("MESH:D007649", "http://id.nlm.nih.gov/mesh/D007649"),
        ("wikidata:Q243547", "http://www.wikidata.org/entity/Q243547"),
        ("PMID:34703891", "https://pubmed.ncbi.nlm.nih.gov/34703891/"),
        ("doi:10.1016/j.jemermed.2018.12.007", "https://doi.org/10.1016/j.jemermed.2018.12.007"),
        ("ISSN:2383-9309", "urn:issn:2383-9309"),
    ],
)
def test_expand(curie: str, iri: str):
    assert expand(curie) == iri
    scheme = scheme_of_iri(iri)
    assert scheme is not None and re.fullmatch(scheme.iri_pattern, iri)


@pytest.mark.parametrize("curie", ["CHEBI6121", "CHEBI:", "CHEBI:abc", "HP:123", "doi:10.1/x", "NOPE:1", "PMID:0123"])
def test_refused(curie: str):
    with pytest.raises(CurieError):
        expand(curie)


def test_prefixes_do_not_shadow_each_other():
    """No scheme's IRI prefix starts another's, so an IRI maps back to one scheme."""
    prefixes = [s.iri_prefix for s in SCHEMES.values()]
    for a in prefixes:
        for b in prefixes:
            assert a == b or not b.startswith(a) or a.endswith(("_", "/", "=")), (a, b)
