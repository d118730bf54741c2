"""``ketagraph serve --site`` with real clients: HTTP content negotiation, and headless Chromium.

A fixture starts the real command (``python -m ketagraph serve --site DIR --port 0``) on loopback,
reads the address it prints, and stops it after the module. Chromium (Debian ``chromium``) opens
pages from it, including an entity IRI that it must follow through the 303; the JSON-LD is read
from the DOM Chromium built, by extruct, and expanded to RDF by pyld. Without Chromium the browser
tests skip locally and fail under ``CI``.
"""

from __future__ import annotations

import http.client
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from .schemaorg import check
from .servers import stop
from .test_publish import (  # noqa: F401  (fixtures)
    BASE,
    KG,
    _ontology,
    _tool,
    extract_jsonld,
    jsonld_to_graph,
    published,
    site,
    unsupported_triples,
)
from .test_publish_safety import hostile, hostile_site  # noqa: F401  (fixture)

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _start(folder: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "ketagraph", "serve", "--site", str(folder), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(30)
    if not line or "http://127.0.0.1:" not in line[0]:
        proc.kill()
        proc.wait()
        pytest.fail(f"ketagraph serve --site did not start: {line}")
    url = line[0].split("Site: ", 1)[1].split("/ ", 1)[0]
    return proc, url


@pytest.fixture(scope="module")
def server(site) -> Iterator[str]:  # noqa: F811
    proc, url = _start(site)
    try:
        yield url
    finally:
        stop(proc)


def _request(url: str, path: str, accept: str | None = None, method: str = "GET") -> http.client.HTTPResponse:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request(method, path, headers={"Accept": accept} if accept else {})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


# --- HTTP ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "location"),
    [
        ("text/html", "/id/ketamine/"),
        ("text/turtle", "/id/ketamine.ttl"),
        ("application/ld+json", "/id/ketamine.jsonld"),
        ("application/json", "/id/ketamine.jsonld"),
        ("text/turtle;q=0.5, application/ld+json;q=0.9", "/id/ketamine.jsonld"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "/id/ketamine/"),  # a browser
        ("*/*", "/id/ketamine/"),
        (None, "/id/ketamine/"),
    ],
)
def test_entity_iri_answers_303_by_accept(server, accept, location):
    response = _request(server, "/id/ketamine", accept)
    assert response.status == 303
    assert response.getheader("Location") == location
    assert response.getheader("Vary") == "Accept"


def test_each_document_is_sent_with_its_media_type(server, published):  # noqa: F811
    from ketagraph.release.entity import describe

    result, _ = published
    ttl = _request(server, "/id/ketamine.ttl")
    assert ttl.status == 200 and ttl.getheader("Content-Type").startswith("text/turtle")
    assert isomorphic(Graph().parse(data=ttl.body, format="turtle"), describe(result.built, URIRef(KG + "ketamine")))
    jsonld = _request(server, "/id/ketamine.jsonld")
    assert jsonld.status == 200 and jsonld.getheader("Content-Type") == "application/ld+json"
    page = _request(server, "/id/ketamine/")
    assert page.status == 200 and page.getheader("Content-Type") == "text/html; charset=utf-8"
    assert _request(server, "/sitemap.xml").getheader("Content-Type") == "application/xml"
    assert _request(server, "/ontology/classes.svg").getheader("Content-Type") == "image/svg+xml"
    head = _request(server, "/id/ketamine", "text/turtle", method="HEAD")
    assert head.status == 303 and head.body == b""


def test_unacceptable_types_get_406_and_unknown_paths_404(server):
    refused = _request(server, "/id/ketamine", "image/png")
    assert refused.status == 406 and b"text/turtle" in refused.body
    assert _request(server, "/id/no-such-thing").status == 404
    assert _request(server, "/id/").status == 404  # no directory listings
    assert _request(server, "/../../etc/passwd").status == 404


def test_ontology_iri_negotiates_too(server):
    assert _request(server, "/ontology", "text/turtle").getheader("Location") == "/ontology.ttl"
    assert _request(server, "/ontology", "text/html").getheader("Location") == "/ontology/"


@pytest.mark.parametrize(
    ("accept", "suffix"),
    [
        ("application/n-triples", ".nt"),
        ("text/plain, */*;q=0.1", ".nt"),  # what rdflib's format="nt" sends
        ("application/rdf+xml, */*;q=0.1", ".rdf"),  # rdflib's format="xml"
        ("application/rdf+xml;q=0.4, application/n-triples;q=0.6, text/turtle;q=0.5", ".nt"),
        ("application/n-triples;q=0, application/rdf+xml", ".rdf"),
        ("text/html;q=0.1, application/ld+json;q=0.2", ".jsonld"),
    ],
)
@pytest.mark.parametrize("iri", ["/id/ketamine", "/ontology"])
def test_every_format_is_negotiated_with_q_values_and_named_in_link_headers(server, iri, accept, suffix):
    response = _request(server, iri, accept)
    assert response.status == 303 and response.getheader("Location") == iri + suffix
    assert response.getheader("Vary") == "Accept"
    links = response.getheader("Link")
    for media, ext in [
        ("text/html", "/"),
        ("text/turtle", ".ttl"),
        ("application/ld+json", ".jsonld"),
        ("application/n-triples", ".nt"),
        ("application/rdf+xml", ".rdf"),
    ]:
        assert f'<{iri}{ext}>; rel="alternate"; type="{media}"' in links
        document = _request(server, iri + ext)  # each document names its siblings too
        assert document.status == 200 and document.getheader("Link") == links
        if ext != "/":
            assert document.getheader("Content-Type").split(";")[0] == media
    page = _request(server, iri + "/").body.decode()
    assert 'rel="alternate" type="application/n-triples"' in page and 'type="application/rdf+xml"' in page


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "nt", "xml"])
def test_rdflib_dereferences_an_entity_and_the_ontology_in_every_format(server, published, fmt):  # noqa: F811
    from ketagraph.release.entity import describe
    from ketagraph.resources import ontology_path

    result, _ = published
    entity = Graph().parse(f"{server}/id/ketamine", format=fmt)  # urllib follows the 303
    assert isomorphic(entity, describe(result.built, URIRef(KG + "ketamine")))
    ontology = Graph().parse(f"{server}/ontology", format=fmt)
    assert len(ontology) > 1000
    assert isomorphic(ontology, Graph().parse(ontology_path(), format="turtle"))


def test_serving_a_folder_that_is_not_a_site_is_refused(tmp_path: Path, cli):
    result = cli("serve", "--site", tmp_path)
    assert result.exit_code == 2 and "is not a published site" in result.stderr
    assert cli("serve", "--site", tmp_path, "--writable").exit_code == 2


def test_negotiate_prefers_quality_then_specificity():
    from ketagraph.site.server import negotiate

    offers = ["text/html", "text/turtle", "application/ld+json"]
    assert negotiate("text/*", offers) == "text/html"
    assert negotiate("text/*;q=0.5, text/turtle", offers) == "text/turtle"
    assert negotiate("text/turtle;q=0", offers) is None
    assert negotiate("application/ld+json;q=0.2, */*;q=0.1", offers) == "application/ld+json"


# --- Chromium --------------------------------------------------------------------------------


def _chromium(*args: str) -> subprocess.CompletedProcess:
    binary = _tool("chromium", "chromium")
    with tempfile.TemporaryDirectory(prefix="ketagraph-chromium-") as profile:
        return subprocess.run(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )


def dump_dom(url: str) -> str:
    proc = _chromium("--dump-dom", url)
    assert proc.returncode == 0 and "<html" in proc.stdout, proc.stderr[-2000:]
    return proc.stdout


PAGES = {
    "/id/ketamine": "ketamine",  # the IRI itself: Chromium follows the 303 to the page
    "/id/migraine/": "migraine",
    "/id/review-ketamine-migraine/": "review-ketamine-migraine",
    "/id/ketagraph/": "ketagraph",
    "/id/nmda-receptor-blockade/": "nmda-receptor-blockade",
}


def test_chromium_reads_the_jsonld_of_each_page(server, site, published):  # noqa: F811
    _tool("chromium", "chromium")
    result, _ = published
    onto = _ontology()
    with ThreadPoolExecutor(max_workers=3) as pool:
        doms = dict(zip(PAGES, pool.map(lambda path: dump_dom(server + path), PAGES), strict=True))
    for path, slug in PAGES.items():
        dom = doms[path]
        blocks = extract_jsonld(dom, server + path)
        on_disk = extract_jsonld((site / "id" / slug / "index.html").read_text(encoding="utf-8"))
        assert blocks == on_disk, path  # the browser's DOM carries the page's JSON-LD unchanged
        doc = blocks[0]
        assert doc["mainEntity"]["@id"] == KG + slug
        g = jsonld_to_graph(doc)
        assert check(g) == [], path
        assert (
            unsupported_triples(g, result.built.graph, onto, page_level={doc["url"], BASE}, downloads=BASE + "dist/")
            == []
        )
        for p, o in result.built.graph.predicate_objects(URIRef(KG + slug)):
            if str(p).startswith("https://schema.org/"):
                assert (URIRef(KG + slug), p, o) in g
    assert "<h1>ketamine</h1>" in doms["/id/ketamine"]


def test_chromium_runs_no_injected_script(hostile_site):  # noqa: F811
    _tool("chromium", "chromium")
    _, hostile_folder = hostile_site
    proc, url = _start(hostile_folder)
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            ketamine, review = pool.map(dump_dom, [url + "/id/ketamine/", url + "/id/mini-review/"])
    finally:
        stop(proc)
    import html5lib

    for dom in (ketamine, review):
        tree = html5lib.parse(dom, namespaceHTMLElements=False)
        assert "data-pwned" not in tree.find("body").attrib  # the payloads set it if they ever run
        assert [s.get("type") for s in tree.iter("script")] == ["application/ld+json"]
        assert not any(el.tag in ("img", "svg") for el in tree.iter())
        assert not any(k.startswith("on") for el in tree.iter() for k in el.attrib)
    doc = extract_jsonld(ketamine)[0]
    assert doc["mainEntity"]["name"] == hostile("drugs.label")


def test_chromium_screenshot_of_the_ketamine_page(server, tmp_path: Path):
    _tool("chromium", "chromium")
    png = tmp_path / "ketamine.png"
    proc = _chromium(f"--screenshot={png}", "--window-size=1280,1600", server + "/id/ketamine/")
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 1600)
    assert len(data) > 50_000  # a page of text, not a blank image
