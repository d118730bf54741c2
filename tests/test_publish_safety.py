"""Hostile text in the data cannot break out of where it lands on a published page.

A copy of the minimal data gets markup in its labels, descriptions, notes, titles, claim text and
identifier labels: a closing script tag with a script after it, an attribute break-out with an
``onerror`` handler, a comment opener, and the line separators U+2028/U+2029 that end a line in old
JavaScript parsers. The published pages must parse to the same elements as before, with the text
shown as text, and the JSON-LD must still parse to the very same strings.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from .conftest import MINIMAL
from .schemaorg import check
from .test_publish import _tool, extract_jsonld, jsonld_to_graph, parse_html

PAYLOADS = (
    "</script><script>document.body.setAttribute('data-pwned','script')</script>",
    "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
    "'><svg onload=alert(1)>",
    "<!-- <script>",
    "\u2028 \u2029",
    "& &amp; &lt;",
)


def hostile(field: str) -> str:
    return f"{field} " + " ".join(PAYLOADS) + " end"


FIELDS = {
    # file: [(path to the record, key)]
    "drugs.yaml": [(("drugs", 0), "label"), (("drugs", 0), "description"), (("drugs", 0), "note")],
    "claims.yaml": [(("claims", 0), "text"), (("claims", 0), "label")],
    "sources.yaml": [
        (("documents", 0), "label"),
        (("documents", 0), "title"),
        (("sections", 0), "label"),
        (("reference_sources", 0), "label"),
    ],
    "dataset.yaml": [(("dataset",), "label"), (("dataset",), "description"), (("organizations", 0), "label")],
}


def _hostile_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    for name, fields in FIELDS.items():
        path = data / name
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, key in fields:
            record = doc
            for step in where:
                record = record[step]
            record[key] = hostile(f"{where[0]}.{key}")
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    drugs = data / "drugs.yaml"
    doc = yaml.safe_load(drugs.read_text(encoding="utf-8"))
    doc["identifier_register"][0]["label"] = hostile("register.label")
    doc["drugs"][0]["alt_labels"] = [hostile("drugs.alt_labels")]
    drugs.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from ketagraph.site.publish import publish

    _tool("dot", "graphviz")
    tmp = tmp_path_factory.mktemp("hostile")
    data = _hostile_copy(tmp)
    result = publish(data=data, out=tmp / "site")
    assert result.passes, result.report.as_text()
    return data, tmp / "site"


def test_the_hostile_text_reaches_the_graph(hostile_site):
    from ketagraph.reading.pipeline import read_data

    data, _ = hostile_site
    names = {str(o) for o in read_data(data).graph.objects(None, None)}
    assert hostile("drugs.label") in names and hostile("claims.text") in names


def test_no_markup_breaks_out_of_any_page(hostile_site):
    _, site = hostile_site
    pages = sorted(site.rglob("*.html"))
    assert pages
    for page in pages:
        raw = page.read_text(encoding="utf-8")
        doc = parse_html(raw)  # no parse errors either
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            assert el.tag not in {"img", "svg", "iframe", "object", "embed"} or page.parent.name == "ontology", (
                page,
                el.tag,
            )
            assert not any(k.lower().startswith("on") for k in el.attrib), (page, el.tag, el.attrib)
            assert "data-pwned" not in el.attrib
        scripts = list(doc.iter("script"))
        assert all(s.get("type") == "application/ld+json" for s in scripts), page
        assert len(scripts) <= 1
        for script in scripts:
            body = script.text or ""
            assert "</" not in body and "<!--" not in body and "\u2028" not in body and "\u2029" not in body
        # the page has the same shape as a page with harmless text: every payload is text
        assert "<img src=x" not in raw and "<script>document" not in raw and "<!-- <script>" not in raw


def test_text_is_shown_exactly_as_written(hostile_site):
    _, site = hostile_site
    doc = parse_html((site / "id" / "ketamine" / "index.html").read_text(encoding="utf-8"))
    assert "".join(doc.find(".//h1").itertext()) == hostile("drugs.label")
    assert doc.find(".//title").text.startswith(hostile("drugs.label"))
    meta = next(m for m in doc.iter("meta") if m.get("name") == "description")
    assert meta.get("content") == hostile("drugs.description")
    text = "".join(doc.itertext())
    for field in ("drugs.description", "drugs.note", "claims.text", "register.label", "drugs.alt_labels"):
        assert hostile(field) in text, field
    review = parse_html((site / "id" / "mini-review" / "index.html").read_text(encoding="utf-8"))
    assert hostile("sections.label") in "".join(review.itertext())


def test_jsonld_still_parses_to_the_same_strings(hostile_site):
    _, site = hostile_site
    html = (site / "id" / "ketamine" / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', html, flags=re.S)[1]
    assert not re.search("[<>&\u2028\u2029]", block)
    doc = json.loads(block)
    assert extract_jsonld(html) == [doc]
    assert doc["mainEntity"]["name"] == hostile("drugs.label")
    assert doc["mainEntity"]["description"] == hostile("drugs.description")
    assert doc["mainEntity"]["alternateName"] == hostile("drugs.alt_labels")
    assert doc["mainEntity"]["subjectOf"][0]["text"] == hostile("claims.text")
    assert check(jsonld_to_graph(doc)) == []


def test_snippet_is_safe_too(hostile_site, cli):
    data, _ = hostile_site
    result = cli("snippet", "ketamine", "--data", data)
    assert result.exit_code == 0
    body = result.stdout.split("\n", 1)[1].rsplit("\n</script>", 1)[0]
    assert not re.search("[<>&\u2028\u2029]", body)
    assert json.loads(body)["mainEntity"]["name"] == hostile("drugs.label")
    article = cli("snippet", "--article", "--data", data)
    assert article.exit_code == 0
    assert json.loads(article.stdout.split("\n", 1)[1].rsplit("\n</script>", 1)[0])["name"] == hostile(
        "documents.title"
    )


def test_ontology_diagram_labels_are_escaped_for_dot_and_svg():
    from rdflib import RDFS, Literal, URIRef

    from ketagraph.checking.shacl import load_ontology
    from ketagraph.site.ontology import class_diagram_dot, render_svg

    _tool("dot", "graphviz")
    onto = load_ontology()
    onto.set(
        (URIRef("https://w3id.org/ketagraph/ontology#Claim"), RDFS.label, Literal('cl"aim</text><script>x</script>'))
    )
    svg = render_svg(class_diagram_dot(onto)).decode()
    assert "<script>" not in svg and "&lt;script&gt;" in svg
