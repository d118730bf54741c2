"""External identifiers: every external IRI in the built graph is in the register, every register
entry fits its scheme, and the register holds only identifiers the reference files verified.

The reference files are copied into ``tests/resources/reference/`` (from shared/reference) so
that the check needs nothing outside the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef

from ketagraph.model import MATCH_RELATIONS
from ketagraph.schemes import SCHEMES, scheme_of_iri, split_curie
from ketagraph.vocab import KGO, SDO

from .conftest import DATA

REFERENCE = Path(__file__).resolve().parent / "resources" / "reference"
IDENTIFIER_PREDICATES = (*MATCH_RELATIONS.values(), SDO.sameAs, SDO.additionalType)


def registered_iris(graph: Graph) -> set[URIRef]:
    """The register, as the graph carries it: every external IRI with a kgo:verifiedIn."""
    return {s for s in graph.subjects(KGO.verifiedIn, None) if isinstance(s, URIRef) and scheme_of_iri(str(s))}


def unregistered(graph: Graph) -> list[str]:
    """External identifier IRIs the graph uses that the register does not hold."""
    known = registered_iris(graph)
    used = {o for p in IDENTIFIER_PREDICATES for o in graph.objects(None, p) if isinstance(o, URIRef)}
    return sorted(str(o) for o in used - known)


def _register_curies() -> list[str]:
    import yaml

    curies = []
    for path in sorted(DATA.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        curies += [entry["curie"] for entry in doc.get("identifier_register", [])]
    return curies


def test_every_external_iri_is_registered(shipped_build):
    assert unregistered(shipped_build.built.graph) == []


def test_a_planted_unknown_iri_is_caught(shipped_build):
    g = Graph()
    for t in shipped_build.built.graph:
        g.add(t)
    planted = URIRef("http://purl.obolibrary.org/obo/CHEBI_999999")
    g.add((URIRef("https://w3id.org/ketagraph/id/ketamine"), MATCH_RELATIONS["exact"], planted))
    assert unregistered(g) == [str(planted)]


def test_every_register_entry_fits_its_scheme(shipped_build):
    for curie in _register_curies():
        scheme, local = split_curie(curie)  # raises on a bad pattern
        assert re.fullmatch(scheme.iri_pattern, scheme.iri(local))
    for iri in registered_iris(shipped_build.built.graph):
        scheme = scheme_of_iri(str(iri))
        assert scheme is not None and re.fullmatch(scheme.iri_pattern, str(iri)), iri


def test_the_register_holds_only_verified_identifiers():
    """Each identifier appears in the curators' reference files: identifiers.md's tables (not its
    "Not verified" section) or, for the trials' DOIs and PMIDs, chah-2021.md."""
    identifiers = (REFERENCE / "identifiers.md").read_text(encoding="utf-8")
    verified_part = identifiers.split("## 11. Not verified", 1)[0]
    chah = (REFERENCE / "chah-2021.md").read_text(encoding="utf-8")
    missing = []
    for curie in _register_curies():
        scheme, local = split_curie(curie)
        in_tables = re.search(rf"(?<![\w.]){re.escape(local)}(?![\w])", verified_part)
        in_trials = scheme.prefix in ("doi", "PMID", "PMCID") and local in chah
        if not (in_tables or in_trials):
            missing.append(curie)
    assert missing == []


def test_identifiers_per_scheme_are_counted(shipped_build):
    """A census of the register by scheme (printed with -s); every scheme in it is a known one."""
    counts: dict[str, int] = {}
    for curie in _register_curies():
        prefix = curie.split(":", 1)[0]
        assert prefix in SCHEMES
        counts[prefix] = counts.get(prefix, 0) + 1
    print("identifiers per scheme:", dict(sorted(counts.items())))
    assert sum(counts.values()) == len(set(_register_curies()))
