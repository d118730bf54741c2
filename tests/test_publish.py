"""ketagraph publish: the static site, read back as crawlers, parsers and linked-data clients read it.

The shipped data is published once per session (about 4 s). Every page is parsed by html5lib
(the HTML5 parsing algorithm, which reports each parse error), its JSON-LD is extracted by
extruct and expanded to RDF by pyld, and that RDF must use schema.org as schema.org defines it
(:func:`tests.schemaorg.check`) and say only what the graph says. Every internal link must
resolve. The helpers here are reused by ``test_publish_safety.py`` and ``test_publish_server.py``.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from .conftest import DATA, MINIMAL, tree_digest
from .schemaorg import check, vocabulary

SDO = "https://schema.org/"
KG = "https://w3id.org/ketagraph/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
BASE = "https://w3id.org/ketagraph/"


# --- helpers ---------------------------------------------------------------------------------


@cache
def schemaorg_context() -> dict:
    """A stand-in for the context at https://schema.org, made from the project's copy of the
    vocabulary (no network in tests). Like schema.org's own context it maps every term into the
    schema.org namespace (in its https form, as the vocabulary file and the checker use) and reads
    the values of URL-valued properties as IRIs and of Date/DateTime-valued ones as dates, unless
    the property also takes Text; the datatypes are XSD's, as :mod:`tests.schemaorg` models them."""
    vocab = vocabulary()
    ctx: dict = {"@vocab": SDO}
    for prop in vocab.subjects(RDF.type, RDF.Property):
        ranges = {str(r)[len(SDO) :] for r in vocab.objects(prop, URIRef(SDO + "rangeIncludes"))}
        term = str(prop)[len(SDO) :]
        if "Text" in ranges:
            continue  # a plain string is Text; a URL among other ranges stays a string too
        if "URL" in ranges:
            ctx[term] = {"@type": "@id"}
        elif "Date" in ranges:
            ctx[term] = {"@type": XSD + "date"}
        elif "DateTime" in ranges:
            ctx[term] = {"@type": XSD + "dateTime"}
    return {"@context": ctx}


def _loader(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": schemaorg_context(),
        }
    raise AssertionError(f"the JSON-LD tried to load {url}: a page's JSON-LD must need no other context")


def jsonld_to_graph(doc) -> Graph:
    """Expand JSON-LD to RDF with pyld (the schema.org context from :func:`schemaorg_context`)."""
    from pyld import jsonld

    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _loader})
    # a page's JSON-LD has no named graphs, so its N-Quads are N-Triples
    return Graph().parse(data=nquads, format="nt") if nquads else Graph()


def extract_jsonld(html: str, url: str = "http://127.0.0.1/") -> list:
    """The JSON-LD blocks of a page, as extruct (the crawler library) reads them."""
    import extruct

    return extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=False)["json-ld"]


def parse_html(text: str):
    """Parse with html5lib; fail with every parse error it reports."""
    import html5lib

    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    doc = parser.parse(text)
    assert not parser.errors, [f"line {pos[0]}, col {pos[1]}: {code} {data}" for pos, code, data in parser.errors[:5]]
    return doc


@cache
def _parsed(path: Path):
    return parse_html(path.read_text(encoding="utf-8"))


def published_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _ontology():
    from ketagraph.checking.shacl import load_ontology

    return load_ontology()


def _schema_superclasses(onto: Graph, types) -> set:
    out, todo = set(), list(types)
    while todo:
        t = todo.pop()
        for sup in onto.objects(t, RDFS.subClassOf):
            if sup not in out:
                out.add(sup)
                todo.append(sup)
    return {t for t in out if str(t).startswith(SDO)}


def unsupported_triples(page_graph: Graph, graph: Graph, onto: Graph, *, page_level: set[str], downloads: str) -> list:
    """Triples of a page's JSON-LD that the graph does not say (empty when all are supported).

    Supported: a triple of the graph; a schema.org class the ontology puts above one of the
    node's classes, or Thing; ``subjectOf`` where the graph has the inverse ``about``; and the
    statements about the page itself and its web site (``page_level``) and about the release
    files offered for download (IRIs starting with ``downloads``)."""
    out = []
    for s, p, o in page_graph:
        if str(s) in page_level or str(s).startswith(downloads):
            continue
        if (s, p, o) in graph:
            continue
        if p == RDF.type and (
            o == URIRef(SDO + "Thing") or o in _schema_superclasses(onto, graph.objects(s, RDF.type))
        ):
            continue
        if p == URIRef(SDO + "subjectOf") and (o, URIRef(SDO + "about"), s) in graph:
            continue
        if p == URIRef(SDO + "distribution") and str(o).startswith(downloads):
            continue
        out.append((s, p, o))
    return out


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/install-system-deps installs it (Debian {package})")
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return path


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The shipped data, published once: (PublishResult, site folder)."""
    from ketagraph.site.publish import publish

    _tool("dot", "graphviz")
    out = tmp_path_factory.mktemp("site-shipped") / "site"
    result = publish(data=DATA, out=out)
    assert result.passes, result.report.as_text()
    return result, out


@pytest.fixture(scope="session")
def site(published) -> Path:
    return published[1]


# --- the site ----------------------------------------------------------------------------------


def test_one_page_per_named_entity(published, site):
    result, _ = published
    g = result.built.graph
    named = {s for s in g.subjects(URIRef(SDO + "name"), None) if re.fullmatch(KG + r"[a-z0-9-]+", str(s))}
    assert len(named) > 250
    for iri in named:
        slug = str(iri)[len(KG) :]
        assert (site / "id" / slug / "index.html").is_file(), iri
        assert (site / "id" / f"{slug}.ttl").is_file()
        assert (site / "id" / f"{slug}.jsonld").is_file()
    pages = {p.parent.name for p in (site / "id").glob("*/index.html")}
    assert pages == {str(i)[len(KG) :] for i in named}
    assert result.pages == len(named) + 2  # and the index and ontology pages


def test_same_data_gives_a_byte_identical_site(site, tmp_path):
    from ketagraph.site.publish import publish

    again = publish(data=DATA, out=tmp_path / "again")
    assert again.passes
    assert tree_digest(tmp_path / "again") == tree_digest(site)


def test_every_page_parses_without_html_errors_and_is_accessible(site):
    pages = published_pages(site)
    assert len(pages) > 250
    for page in pages:
        doc = _parsed(page)
        assert doc.get("lang") == "en", page
        assert len(doc.findall(".//h1")) == 1, page
        levels = [int(el.tag[1]) for el in doc.iter() if isinstance(el.tag, str) and re.fullmatch(r"h[1-6]", el.tag)]
        assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels)), (page, levels)
        for img in doc.iter("img"):
            assert img.get("alt"), page
        for a in doc.iter("a"):
            text = ("".join(a.itertext()) + " ".join(img.get("alt", "") for img in a.iter("img"))).strip()
            assert text and text.lower() not in {"here", "click here", "link", "more"}, (page, a.get("href"))
        ids = [el.get("id") for el in doc.iter() if el.get("id")]
        assert len(ids) == len(set(ids)), page
        assert doc.find(".//main") is not None and doc.find(".//title").text
        # no JavaScript: the only script is the JSON-LD data block
        assert all(s.get("type") == "application/ld+json" for s in doc.iter("script")), page


def _targets(site: Path, path: Path) -> list[str]:
    """Every link of a page (or of the SVG) to a file of the site, as ``path/in/site#fragment``."""
    here = "http://site.invalid/" + path.relative_to(site).as_posix()
    if path.suffix == ".svg":
        text = path.read_text(encoding="utf-8")
        hrefs = [h.replace("&amp;", "&") for h in re.findall(r'(?:xlink:)?href="([^"]*)"', text)]
    else:
        doc = _parsed(path)
        hrefs = [el.get(a) for el in doc.iter() if isinstance(el.tag, str) for a in ("href", "src") if el.get(a)]
    out = []
    for href in hrefs:
        if href.startswith(BASE):  # an absolute URL of the site itself (canonical links)
            href = "/" + href[len(BASE) :]
        url = urljoin(here, href)
        if not url.startswith("http://site.invalid/"):
            continue  # a link out of the site
        target, fragment = urldefrag(url)
        file = target[len("http://site.invalid/") :]
        if file == "" or file.endswith("/"):
            file += "index.html"
        out.append(file + ("#" + fragment if fragment else ""))
    return out


def test_every_internal_link_resolves(site):
    ids: dict[str, set[str]] = {}
    broken = []
    files = [*published_pages(site), site / "ontology" / "classes.svg"]
    for path in files:
        for target in _targets(site, path):
            file, _, fragment = target.partition("#")
            if not (site / file).is_file():
                broken.append((path.relative_to(site).as_posix(), target))
                continue
            if fragment and file.endswith(".html"):
                if file not in ids:
                    doc = _parsed(site / file)
                    ids[file] = {el.get("id") for el in doc.iter() if isinstance(el.tag, str) and el.get("id")}
                if fragment not in ids[file]:
                    broken.append((path.relative_to(site).as_posix(), target))
    assert broken == []


def test_every_page_carries_schemaorg_jsonld_that_matches_the_graph(published, site):
    result, _ = published
    graph = result.built.graph
    onto = _ontology()
    issued = str(graph.value(result.built.dataset, URIRef(SDO + "datePublished")))
    for page in sorted((site / "id").glob("*/index.html")):
        iri = URIRef(KG + page.parent.name)
        blocks = extract_jsonld(page.read_text(encoding="utf-8"))
        assert len(blocks) == 1, page
        doc = blocks[0]
        assert doc["@context"] == "https://schema.org" and doc["@type"] == "MedicalWebPage"
        assert doc["about"]["@id"] == doc["mainEntity"]["@id"] == str(iri)
        assert doc["@id"] == doc["url"] == f"{BASE}id/{page.parent.name}/"
        assert doc["lastReviewed"] == issued
        assert "kgo" not in json.dumps(doc) and "ontology#" not in json.dumps(doc)
        g = jsonld_to_graph(doc)
        assert check(g) == [], page
        assert unsupported_triples(g, graph, onto, page_level={doc["url"], BASE}, downloads=BASE + "dist/") == []
        # and the entity's own schema.org statements are all there
        for p, o in graph.predicate_objects(iri):
            if str(p).startswith(SDO):
                assert (iri, p, o) in g, (iri, p, o)


def test_claims_cite_their_sources(published, site):
    doc = extract_jsonld((site / "id" / "ketamine" / "index.html").read_text(encoding="utf-8"))[0]
    cited = {c["@id"] for c in doc["citation"]}
    assert {KG + "review-ketamine-migraine", KG + "chah-2021"} <= cited
    claims = doc["mainEntity"]["subjectOf"]
    assert all(c["@type"] == "Claim" and c["text"] and c["appearance"]["@id"] in cited for c in claims)


def test_entity_files_are_its_description(published, site):
    from ketagraph.release.entity import describe

    result, _ = published
    for slug in ("ketamine", "migraine", "etchison-2018-trial", "review-ketamine-migraine"):
        part = describe(result.built, URIRef(KG + slug))
        assert isomorphic(Graph().parse(site / "id" / f"{slug}.ttl", format="turtle"), part)
        assert isomorphic(Graph().parse(site / "id" / f"{slug}.jsonld", format="json-ld"), part)
        html = (site / "id" / slug / "index.html").read_text(encoding="utf-8")
        assert f'<link rel="alternate" type="text/turtle" href="../{slug}.ttl"' in html
        assert f'<link rel="alternate" type="application/ld+json" href="../{slug}.jsonld"' in html


def test_entity_page_shows_label_definition_relations_claims_and_identifiers(site):
    doc = parse_html((site / "id" / "ketamine" / "index.html").read_text(encoding="utf-8"))
    text = " ".join(" ".join(doc.itertext()).split())
    assert doc.find(".//h1").text == "ketamine"
    assert "antagonist at NMDA-type glutamate receptors" in text
    hrefs = {a.get("href"): "".join(a.itertext()) for a in doc.iter("a")}
    assert hrefs["../nmda-receptor-antagonist/"] == "NMDA receptor antagonist"  # a relation, as a link
    assert hrefs["http://purl.obolibrary.org/obo/CHEBI_6121"] == "CHEBI:6121"  # an identifier, as a link
    assert "Ketamine has long been used to induce anaesthesia and to relieve pain." in text  # a claim
    assert "Strength: established" in text and "Popular review: ketamine for migraines" in text


def test_review_page_lists_its_claims_by_section(published, site):
    result, _ = published
    g = result.built.graph
    doc = parse_html((site / "id" / "review-ketamine-migraine" / "index.html").read_text(encoding="utf-8"))
    section = next(s for s in doc.iter("section") if s.get("aria-labelledby") == "by-section")
    headings = ["".join(h.itertext()) for h in section.iter("h3")]
    assert headings[:3] == [
        "Opening",
        "Introduction to Ketamine for Migraine Pain Management",
        "Ketamine's Mechanism of Action",
    ]
    claims = {
        s
        for s in g.subjects(URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), URIRef(KG + "review-ketamine-migraine"))
        if (s, RDF.type, URIRef(SDO + "Claim")) in g
    }
    listed = {a.get("href") for a in section.iter("a") if "Claim page" in "".join(a.itertext())}
    assert listed == {f"../{str(c)[len(KG) :]}/" for c in claims}


def test_dataset_page_offers_every_release_file(published, site):
    from ketagraph.release.build import release_files

    result, _ = published
    release = release_files(result.built)
    html = (site / "id" / "ketagraph" / "index.html").read_text(encoding="utf-8")
    for name, content in release.items():
        assert (site / "dist" / name).read_bytes() == content
        assert f'href="../../dist/{name}"' in html
    assert "How to cite" in html and "version 0.1.0" in html and "creativecommons.org/licenses/by/4.0" in html
    doc = extract_jsonld(html)[0]
    urls = {d["contentUrl"] for d in doc["mainEntity"]["distribution"]}
    assert urls == {f"{BASE}dist/{name}" for name in release}
    # void.ttl announces the download URLs where the site puts the files
    void = Graph().parse(site / "dist" / "void.ttl", format="turtle")
    downloads = {str(o) for o in void.objects(None, URIRef("http://www.w3.org/ns/dcat#downloadURL"))}
    assert downloads == {f"{BASE}dist/{name}" for name in release if name != "void.ttl"}


def test_ontology_page_lists_every_term_and_draws_the_diagram(site):
    onto = _ontology()
    kgo = "https://w3id.org/ketagraph/ontology#"
    doc = parse_html((site / "ontology" / "index.html").read_text(encoding="utf-8"))
    anchors = {el.get("id") for el in doc.iter("section") if el.get("id")}
    owl = "http://www.w3.org/2002/07/owl#"
    for kind in ("Class", "ObjectProperty", "DatatypeProperty"):
        for term in onto.subjects(RDF.type, URIRef(owl + kind)):
            if str(term).startswith(kgo):
                assert str(term)[len(kgo) :] in anchors, term
    svg = (site / "ontology" / "classes.svg").read_text(encoding="utf-8")
    assert svg.count("<title") > 10 and 'role="img"' in svg and "<desc" in svg
    assert ">claim<" in svg and "schema:Claim" in svg  # drawn from the ontology: kgo:Claim ⊑ schema:Claim
    img = doc.find(".//img")
    assert img.get("src") == "classes.svg" and len(img.get("alt")) > 30


def test_class_diagram_comes_from_the_ontology():
    from ketagraph.site.ontology import class_diagram_dot

    onto = _ontology()
    dot = class_diagram_dot(onto)
    assert '"kgo:Claim" -> "schema:Claim" [arrowhead=empty' in dot
    assert '"kgo:Claim" -> "kgo:EvidenceStrength" [label="strength"]' in dot
    onto.add((URIRef("https://w3id.org/ketagraph/ontology#Claim"), RDFS.subClassOf, URIRef(SDO + "Question")))
    assert '"kgo:Claim" -> "schema:Question"' in class_diagram_dot(onto)


def test_sitemap_lists_every_page(published, site):
    result, _ = published
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert len(locs) == result.pages and len(set(locs)) == len(locs)
    assert f"{BASE}id/ketamine/" in locs and BASE in locs and f"{BASE}ontology/" in locs
    assert "<lastmod>2026-11-25</lastmod>" in sitemap
    import xml.etree.ElementTree as ET

    ET.fromstring(sitemap)  # well-formed XML


def test_base_url_is_used_for_absolute_urls(tmp_path):
    from ketagraph.site.publish import publish

    out = tmp_path / "site"
    publish(data=MINIMAL, out=out, base_url="http://127.0.0.1:8000/kg")
    html = (out / "id" / "ketamine" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="http://127.0.0.1:8000/kg/id/ketamine/">' in html
    doc = extract_jsonld(html)[0]
    assert doc["url"] == "http://127.0.0.1:8000/kg/id/ketamine/"
    assert doc["mainEntity"]["@id"] == KG + "ketamine"  # the entity keeps its IRI
    assert "<loc>http://127.0.0.1:8000/kg/id/ketamine/</loc>" in (out / "sitemap.xml").read_text()


# --- failures ----------------------------------------------------------------------------------


def test_nonconforming_data_writes_nothing(minimal: Path, tmp_path: Path, cli):
    out = tmp_path / "site"
    assert cli("publish", "--data", MINIMAL, "--out", out).exit_code == 0
    before = tree_digest(out)
    claims = minimal / "claims.yaml"
    claims.write_text(claims.read_text().replace("    section: mini-review-body\n", ""))
    result = cli("publish", "--data", minimal, "--out", out)
    assert result.exit_code == 1 and "Nothing was written" in result.stderr
    assert tree_digest(out) == before


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path, cli):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "todo.txt").write_text("keep me")
    result = cli("publish", "--data", MINIMAL, "--out", precious)
    assert result.exit_code == 2 and "not part of a site written by ketagraph" in result.stderr
    assert (precious / "todo.txt").read_text() == "keep me"


def test_missing_dot_is_a_clear_error(tmp_path: Path, cli, monkeypatch):
    import ketagraph.site.ontology as ontology

    monkeypatch.setattr(ontology.shutil, "which", lambda name: None)
    result = cli("publish", "--data", MINIMAL, "--out", tmp_path / "site")
    assert result.exit_code == 2
    assert "Graphviz `dot`" in result.stderr and "apt-get install graphviz" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_failed_write_keeps_the_previous_site(tmp_path: Path, monkeypatch):
    from ketagraph.errors import InputError
    from ketagraph.site import publish as site_module

    out = tmp_path / "site"
    site_module.write_tree_atomic(out, {"index.html": b"old", "sitemap.xml": b"<urlset/>"})
    before = tree_digest(out)

    def broken(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", broken)
    with pytest.raises(InputError, match="No space left on device; the previous site is unchanged"):
        site_module.write_tree_atomic(out, {"index.html": b"new", "id/x/index.html": b"new"})
    monkeypatch.undo()
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_write_tree_refuses_paths_outside_the_site(tmp_path: Path):
    from ketagraph.site.publish import write_tree_atomic

    with pytest.raises(ValueError, match="unsafe path"):
        write_tree_atomic(tmp_path / "site", {"../escape.html": b"x"})


def test_bad_base_url_is_a_usage_error(tmp_path: Path, cli):
    result = cli("publish", "--data", MINIMAL, "--out", tmp_path / "s", "--base-url", "javascript:alert(1)")
    assert result.exit_code == 2 and "not an absolute http(s) URL" in result.stderr


def test_cli_reports_pages_and_files(tmp_path: Path, cli):
    result = cli("publish", "--data", MINIMAL, "--out", tmp_path / "site")
    assert result.exit_code == 0
    assert re.match(r"Published .*site/: \d+ pages, \d+ files \([\d,]+ bytes\), 0 warning\(s\)\.", result.stdout)


def test_cli_default_base_url_is_the_iri_root():
    from ketagraph.cli import _BASE_URL
    from ketagraph.site.paths import DEFAULT_BASE_URL, IRI_ROOT

    assert _BASE_URL == DEFAULT_BASE_URL == IRI_ROOT


# --- snippet -----------------------------------------------------------------------------------


def test_snippet_prints_the_pages_script_block(published, site, cli):
    result = cli("snippet", "ketamine")
    assert result.exit_code == 0
    assert result.stdout.startswith('<script type="application/ld+json">\n') and result.stdout.endswith("</script>\n")
    page = (site / "id" / "ketamine" / "index.html").read_text(encoding="utf-8")
    body = result.stdout.split("\n", 1)[1].rsplit("</script>", 1)[0].strip()
    assert body in page  # exactly what the page carries
    doc = extract_jsonld(f"<html><head>{result.stdout}</head></html>")[0]
    assert check(jsonld_to_graph(doc)) == []


def test_snippet_for_the_review_articles_web_page(cli):
    result = cli("snippet", "--article")
    assert result.exit_code == 0
    doc = extract_jsonld(f"<html><head>{result.stdout}</head></html>")[0]
    assert doc["@type"] == "MedicalWebPage"
    assert {a["@id"] for a in doc["about"]} == {KG + "ketamine", KG + "migraine"}
    assert [c["@id"] for c in doc["citation"]] == [KG + "chah-2021"]
    assert any("doi.org/10.17245/jdapm.2021.21.5.413" in s for s in doc["citation"][0]["sameAs"])
    g = jsonld_to_graph(doc)
    assert check(g) == []
    assert (None, URIRef(SDO + "citation"), URIRef(KG + "chah-2021")) in g


def test_snippet_needs_an_entity_or_article(cli):
    assert cli("snippet").exit_code == 2
    assert cli("snippet", "ketamine", "--article").exit_code == 2
    missing = cli("snippet", "ketamin")
    assert missing.exit_code == 2 and "not an entity of the graph" in missing.stderr


def test_json_in_script_cannot_break_out():
    from ketagraph.site.snippet import script_json

    hostile = "</script><script>alert(1)</script><!-- \u2028\u2029 & \"'"
    text = script_json({"name": hostile})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"name": hostile}


def test_links_from_the_data_are_only_http(tmp_path: Path):
    from ketagraph.site.pages import safe_href

    assert safe_href("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "urn:issn:1234-5678",
        'https://x/"><',
    ):
        assert safe_href(bad) is None


def test_cli_import_stays_light():
    """Importing the CLI pulls in neither jinja2 nor the publishing code (style.md habit 9)."""
    code = "import sys, ketagraph.cli; print('jinja2' in sys.modules, 'ketagraph.site.publish' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_literal_values_keep_their_types(published):
    """Dates and integers survive the trip through the page JSON-LD with their XSD types."""
    from ketagraph.site.snippet import SchemaOrgView, page_jsonld

    result, _ = published
    view = SchemaOrgView(result.built, _ontology())
    g = jsonld_to_graph(page_jsonld(view, URIRef(KG + "chah-2021")))
    assert (
        URIRef(KG + "chah-2021"),
        URIRef(SDO + "datePublished"),
        Literal("2021-10-01", datatype=URIRef(XSD + "date")),
    ) in g
    assert (URIRef(KG + "chah-2021"), URIRef(SDO + "pageStart"), Literal(413)) in g


def test_url_properties_are_url_valued_in_schemaorg():
    """The properties whose IRI values the JSON-LD writes as plain strings take URL, not Text."""
    from ketagraph.site.snippet import URL_PROPERTIES

    vocab = vocabulary()
    for prop in URL_PROPERTIES:
        ranges = {str(r)[len(SDO) :] for r in vocab.objects(prop, URIRef(SDO + "rangeIncludes"))}
        assert "URL" in ranges and "Text" not in ranges, prop


def test_index_page_describes_the_site(published, site):
    doc = extract_jsonld((site / "index.html").read_text(encoding="utf-8"))[0]
    assert doc["@type"] == "WebSite" and doc["mainEntity"]["@id"] == KG + "ketagraph"
    assert check(jsonld_to_graph(doc)) == []


def test_data_without_claims_still_publishes(minimal: Path, tmp_path: Path, cli):
    (minimal / "claims.yaml").unlink()
    result = cli("publish", "--data", minimal, "--out", tmp_path / "site")
    assert result.exit_code == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "The review article" not in html
    assert cli("snippet", "--article", "--data", minimal).exit_code == 2
