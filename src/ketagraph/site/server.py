"""``ketagraph serve --site``: a published site on loopback, with content negotiation.

The standard library's :class:`~http.server.ThreadingHTTPServer` serves the site's files. An
entity's own IRI path (``/id/ketamine``, without a trailing slash) names the thing, not a
document, so it answers **303 See Other** to the document the ``Accept`` header asks for (the
"Cool URIs" recipe): ``/id/ketamine/`` for HTML, ``/id/ketamine.ttl`` for Turtle,
``/id/ketamine.jsonld`` for JSON-LD, ``/id/ketamine.nt`` for N-Triples (also ``text/plain``, which
rdflib asks for), ``/id/ketamine.rdf`` for RDF/XML, and 406 with the list of choices when none
fits, weighing the ``q``-values. ``/ontology`` does the same with the ontology page and
``/ontology.ttl`` and its siblings. The answers carry ``Vary: Accept`` and a ``Link`` header per
format (``rel="alternate"``), as do the documents themselves. Every other path is a file, sent
with its media type. Directory listings are off. A port in use is a ``ServiceError``;
SIGINT (Ctrl-C), SIGTERM and SIGHUP stop the server cleanly.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from ..errors import InputError
from ..model import SLUG_PATTERN
from ..stores.endpoint import StopSignals, check_port_number, listen_error
from .paths import MEDIA_TYPES

__all__ = ["SiteHandler", "make_server", "negotiate", "serve_site"]

HTML, TURTLE, JSONLD = "text/html", "text/turtle", "application/ld+json"
NTRIPLES, RDFXML = "application/n-triples", "application/rdf+xml"
# The documents of an IRI, in the server's order of preference: media type -> suffix of the path.
_DOCUMENTS = {HTML: "/", TURTLE: ".ttl", JSONLD: ".jsonld", NTRIPLES: ".nt", RDFXML: ".rdf"}
# Media types a client may ask for, and which of our documents answers each.
_ALIASES = {
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "text/turtle": TURTLE,
    "application/x-turtle": TURTLE,
    "application/ld+json": JSONLD,
    "application/json": JSONLD,
    "application/n-triples": NTRIPLES,
    "text/plain": NTRIPLES,  # N-Triples' media type before RDF 1.1, what rdflib's format="nt" asks for
    "application/rdf+xml": RDFXML,
}
_ENTITY_PATH = re.compile(r"/(id/" + SLUG_PATTERN + r")")


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The offer (a media type of ``offers``, in the server's order of preference) that best fits
    an ``Accept`` header, or None when the client accepts none of them.

    >>> negotiate("text/turtle;q=0.9, application/ld+json", ["text/html", "text/turtle", "application/ld+json"])
    'application/ld+json'
    >>> negotiate("*/*", ["text/html", "text/turtle"])
    'text/html'
    >>> negotiate("image/png", ["text/html"]) is None
    True
    """
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges = _accept_ranges(accept)
    best: tuple[float, int, int] | None = None
    choice = None
    for rank, offer in enumerate(offers):
        for media, q in ranges:
            target = _ALIASES.get(media, media)
            if target == offer:
                specificity = 2
            elif media.endswith("/*") and (media == "*/*" or offer.startswith(media[:-1])):
                specificity = 0 if media == "*/*" else 1
            else:
                continue
            key = (q, specificity, -rank)
            if q > 0 and (best is None or key > best):
                best, choice = key, offer
    return choice


def _accept_ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header with their ``q`` (1 when absent, 0 when malformed)."""
    ranges = []
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media.lower(), q))
    return ranges


def link_header(variants: dict[str, str]) -> str:
    """A ``Link`` header value naming every document of an IRI as an alternate, with its type."""
    return ", ".join(f'<{href}>; rel="alternate"; type="{media}"' for media, href in variants.items())


class SiteHandler(SimpleHTTPRequestHandler):
    """Files of the site, plus 303 content negotiation on the IRI paths (see the module docs)."""

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        **MEDIA_TYPES,
        "": "application/octet-stream",
    }
    server_version = "ketagraph"
    quiet = False

    def do_GET(self) -> None:
        if not self._negotiate():
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._negotiate():
            super().do_HEAD()

    def _variants(self, path: str) -> dict[str, str] | None:
        """The documents of the IRI path ``path`` (``/id/ketamine``, ``/ontology``) that the site holds."""
        root = Path(self.directory)
        m = _ENTITY_PATH.fullmatch(path)
        rel = "ontology" if path == "/ontology" else m[1] if m else None
        if rel is None or not (root / rel / "index.html").is_file():
            return None
        return {
            media: f"/{rel}{suffix}"
            for media, suffix in _DOCUMENTS.items()
            if suffix == "/" or (root / (rel + suffix)).is_file()
        }

    def _document_variants(self) -> dict[str, str] | None:
        """When the request is for one document of an IRI (``/id/ketamine.ttl``), all of them."""
        path = urlsplit(self.path).path
        for suffix in _DOCUMENTS.values():
            if path.endswith(suffix) and len(path) > len(suffix):
                variants = self._variants(path[: -len(suffix)])
                if variants and path in variants.values():
                    return variants
        return None

    def _negotiate(self) -> bool:
        variants = self._variants(urlsplit(self.path).path)
        if variants is None:
            return False
        choice = negotiate(self.headers.get("Accept"), list(variants))
        if choice is None:
            body = ("Not acceptable. Available: " + ", ".join(variants) + "\n").encode()
            self.send_response(HTTPStatus.NOT_ACCEPTABLE)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept")
            self.send_header("Link", link_header(variants))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return True
        self.send_response(HTTPStatus.SEE_OTHER)
        self.send_header("Location", variants[choice])
        self.send_header("Vary", "Accept")
        self.send_header("Link", link_header(variants))
        self.send_header("Content-Length", "0")
        self.end_headers()
        return True

    def list_directory(self, path):  # no listings: a folder without index.html is not a page
        self.send_error(HTTPStatus.NOT_FOUND, "No page here")
        return None

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        if self._status == HTTPStatus.OK:  # a document of an IRI names its siblings
            variants = self._document_variants()
            if variants:
                self.send_header("Link", link_header(variants))
        super().end_headers()

    _status = 0

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def log_message(self, format: str, *args) -> None:
        if not self.quiet:
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class _Server6(_Server):
    address_family = socket.AF_INET6


def make_server(site: Path, *, host: str = "127.0.0.1", port: int = 7878, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for ``site`` bound to ``host:port`` (port 0 picks a free one); not yet started."""
    if not (site / "index.html").is_file():
        raise InputError.one(
            f"'{site}' is not a published site (it has no index.html); run `ketagraph publish --out {site}` first"
        )
    check_port_number(port, any_port=True)
    handler = type("Handler", (SiteHandler,), {"quiet": quiet})
    cls = _Server6 if ":" in host else _Server
    try:
        return cls((host, port), partial(handler, directory=str(site.resolve())))
    except OSError as err:
        raise listen_error(err, host, port) from None


def serve_site(
    site: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    on_ready: Callable[[str], None] | None = None,
    quiet: bool = False,
) -> int:
    """Serve ``site`` until SIGINT (Ctrl-C), SIGTERM or SIGHUP; returns 0."""
    server = make_server(site, host=host, port=port, quiet=quiet)
    bound = server.server_address[1]
    try:
        with StopSignals() as stop, stop.interruptible():
            if on_ready:
                on_ready(f"http://{f'[{host}]' if ':' in host else host}:{bound}")
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
