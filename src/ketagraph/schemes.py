"""External identifier schemes: CURIE prefix, canonical IRI form and the pattern of a local id.

This is the project's one CURIE prefix map for external identifiers (design.md §2). Each
scheme's pattern is the registry's own syntax, so a malformed identifier is refused before a
graph exists, with the YAML line, instead of producing a plausible but broken IRI.

>>> expand("CHEBI:6121")
'http://purl.obolibrary.org/obo/CHEBI_6121'
>>> expand("doi:10.17245/jdapm.2021.21.5.413")
'https://doi.org/10.17245/jdapm.2021.21.5.413'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import curies

__all__ = ["SCHEMES", "CurieError", "Scheme", "converter", "expand", "scheme_of_iri", "split_curie"]


@dataclass(frozen=True, slots=True)
class Scheme:
    prefix: str
    name: str
    iri_prefix: str
    pattern: str  # regular expression for the local part
    iri_suffix: str = ""  # PubMed and PMC spell their canonical IRIs with a trailing slash

    def matches(self, local: str) -> bool:
        return re.fullmatch(self.pattern, local) is not None

    @property
    def iri_pattern(self) -> str:
        """A regular expression that a full IRI of this scheme matches (for SHACL and tests)."""
        return "^" + re.escape(self.iri_prefix) + "(" + self.pattern + ")" + re.escape(self.iri_suffix) + "$"

    def iri(self, local: str) -> str:
        return self.iri_prefix + local + self.iri_suffix


_OBO = "http://purl.obolibrary.org/obo/"

SCHEMES: dict[str, Scheme] = {
    s.prefix: s
    for s in (
        Scheme("CHEBI", "ChEBI", _OBO + "CHEBI_", r"[1-9][0-9]*"),
        Scheme("MONDO", "MONDO", _OBO + "MONDO_", r"[0-9]{7}"),
        Scheme("DOID", "Human Disease Ontology", _OBO + "DOID_", r"[1-9][0-9]*"),
        Scheme("HP", "Human Phenotype Ontology", _OBO + "HP_", r"[0-9]{7}"),
        Scheme("GO", "Gene Ontology", _OBO + "GO_", r"[0-9]{7}"),
        Scheme("NCIT", "NCI Thesaurus", _OBO + "NCIT_", r"C[0-9]+"),
        Scheme("MESH", "MeSH", "http://id.nlm.nih.gov/mesh/", r"[CDQ][0-9]{6,9}"),
        Scheme("DRUGBANK", "DrugBank", "https://go.drugbank.com/drugs/", r"DB[0-9]{5}"),
        Scheme("UNII", "UNII", "https://drugs.ncats.io/drug/", r"[0-9A-Z]{10}"),
        Scheme("ATC", "WHO ATC", "https://atcddd.fhi.no/atc_ddd_index/?code=", r"[A-Z][0-9]{2}[A-Z]{2}[0-9]{2}"),
        Scheme(
            "ICD10CM", "ICD-10-CM", "http://purl.bioontology.org/ontology/ICD10CM/", r"[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?"
        ),
        Scheme("icd11.foundation", "ICD-11 Foundation", "http://id.who.int/icd/entity/", r"[1-9][0-9]*"),
        Scheme("SCTID", "SNOMED CT", "http://snomed.info/id/", r"[1-9][0-9]{5,17}"),
        Scheme("UMLS", "UMLS", "http://linkedlifedata.com/resource/umls/id/", r"C[0-9]{7}"),
        Scheme("wikidata", "Wikidata", "http://www.wikidata.org/entity/", r"Q[1-9][0-9]*"),
        Scheme("doi", "DOI", "https://doi.org/", r"10\.[0-9]{4,9}/[^\s\"<>]+"),
        Scheme("PMID", "PubMed", "https://pubmed.ncbi.nlm.nih.gov/", r"[1-9][0-9]{0,8}", "/"),
        Scheme("PMCID", "PubMed Central", "https://www.ncbi.nlm.nih.gov/pmc/articles/", r"PMC[0-9]+", "/"),
        Scheme("ISSN", "ISSN", "urn:issn:", r"[0-9]{4}-[0-9]{3}[0-9X]"),
    )
}


class CurieError(ValueError):
    """A CURIE with an unknown prefix or a local id that does not fit its scheme."""


def split_curie(curie: str) -> tuple[Scheme, str]:
    """Split ``PREFIX:local`` and check both halves; raise :class:`CurieError` with the fix."""
    prefix, sep, local = curie.partition(":")
    if not sep or not prefix or not local:
        raise CurieError(f"'{curie}' is not a CURIE; write it as PREFIX:ID, for example CHEBI:6121")
    scheme = SCHEMES.get(prefix)
    if scheme is None:
        known = ", ".join(sorted(SCHEMES, key=str.lower))
        raise CurieError(f"unknown identifier prefix '{prefix}' in '{curie}'; known prefixes: {known}")
    if not scheme.matches(local):
        raise CurieError(f"'{local}' is not a valid {scheme.name} identifier (expected pattern {scheme.pattern})")
    return scheme, local


@functools.cache
def converter() -> curies.Converter:
    """The schemes as a ``curies.Converter`` (prefix, IRI prefix, pattern), built on first use."""
    import curies

    return curies.Converter(
        [curies.Record(prefix=s.prefix, uri_prefix=s.iri_prefix, pattern=f"^{s.pattern}$") for s in SCHEMES.values()]
    )


def expand(curie: str) -> str:
    """The canonical IRI of a CURIE (design.md §2)."""
    scheme, _ = split_curie(curie)
    return converter().expand_strict(curie) + scheme.iri_suffix


def scheme_of_iri(iri: str) -> Scheme | None:
    """The scheme whose IRI prefix starts ``iri``, or ``None``."""
    ref = converter().parse_uri(iri)
    return SCHEMES[ref.prefix] if ref is not None else None
