"""Where each published thing lives: the site mirrors the IRIs under ``https://w3id.org/ketagraph/``.

``https://w3id.org/ketagraph/id/ketamine`` is the drug; its page is ``id/ketamine/index.html``
(served as ``id/ketamine/``), its description ``id/ketamine.ttl`` and ``id/ketamine.jsonld``.
The ontology ``https://w3id.org/ketagraph/ontology#Claim`` is ``ontology/#Claim``, and the
release files are under ``dist/`` as ``void.ttl`` announces them. A site published with another
``--base-url`` keeps the same layout under that URL.

>>> site_path("https://w3id.org/ketagraph/id/ketamine")
'id/ketamine'
>>> page_url("https://w3id.org/ketagraph/id/ketamine", "http://127.0.0.1:8000/")
'http://127.0.0.1:8000/id/ketamine/'
>>> relative("id/migraine/", "id/ketamine/")
'../migraine/'
"""

from __future__ import annotations

import posixpath
import re

from ..errors import InputError
from ..model import SLUG_PATTERN

__all__ = [
    "DEFAULT_BASE_URL",
    "IRI_ROOT",
    "MEDIA_TYPES",
    "check_base_url",
    "is_published_iri",
    "page_path",
    "page_url",
    "relative",
    "site_path",
]

IRI_ROOT = "https://w3id.org/ketagraph/"
DEFAULT_BASE_URL = IRI_ROOT
# Content types of the files a site holds, by extension (the server sends these too).
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".ttl": "text/turtle; charset=utf-8",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".trig": "application/trig",
    ".nq": "application/n-quads",
    ".rdf": "application/rdf+xml",
    ".txt": "text/plain; charset=utf-8",
}
_ENTITY = re.compile(r"id/" + SLUG_PATTERN)


def check_base_url(base_url: str) -> str:
    """``base_url`` with one trailing slash; only absolute http(s) URLs are accepted."""
    if not re.fullmatch(r"https?://[^\s/?#<>\"']+(/[^\s?#<>\"']*)?", base_url):
        raise InputError.one(
            f"--base-url '{base_url}' is not an absolute http(s) URL; give one such as https://example.org/ketagraph/"
        )
    return base_url.rstrip("/") + "/"


def is_published_iri(iri: str) -> bool:
    """True for ``https://w3id.org/ketagraph/id/{slug}``: the IRIs that get a page."""
    return iri.startswith(IRI_ROOT) and _ENTITY.fullmatch(iri[len(IRI_ROOT) :]) is not None


def site_path(iri: str) -> str:
    """The path of an entity inside the site, without extension: ``id/ketamine``."""
    if not is_published_iri(iri):
        raise ValueError(f"{iri} is not a ketagraph entity IRI")
    return iri[len(IRI_ROOT) :]


def page_path(iri: str) -> str:
    """The folder URL path of the entity's page, relative to the site root: ``id/ketamine/``."""
    return site_path(iri) + "/"


def page_url(iri: str, base_url: str) -> str:
    return base_url + page_path(iri)


def relative(target: str, here: str) -> str:
    """A link from the page at folder ``here`` to ``target`` (both relative to the site root).

    A folder target keeps its trailing slash; the site root is ``""``.
    """
    path, _, fragment = target.partition("#")
    folder = path.endswith("/") or path == ""
    rel = posixpath.relpath(path or ".", here.rstrip("/") or ".")
    if rel == ".":
        rel = "./"
    elif folder and not rel.endswith("/"):
        rel += "/"
    return rel + ("#" + fragment if fragment else "")
