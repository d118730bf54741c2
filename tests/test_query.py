"""`ketagraph query` on the embedded store: names, files, stdin, result formats, safe bindings."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import Graph

from ketagraph.stores.query import list_queries

from .conftest import MINIMAL
from .servers import free_port

DRUGS = (
    "SELECT ?drug ?name WHERE { ?drug a <https://schema.org/Drug> ; <https://schema.org/name> ?name } ORDER BY ?name"
)


def test_list_shows_every_query_with_its_question(cli):
    result = cli("query", "--list")
    assert result.exit_code == 0
    for q in list_queries():
        assert q.name in result.stdout and q.question in result.stdout


@pytest.mark.parametrize("spec", ["02-migraine-symptoms", "02", "migraine-symptoms"])
def test_a_query_by_name(cli, spec: str):
    result = cli("query", spec)
    assert result.exit_code == 0
    assert "throbbing headache" in result.stdout and "(4 rows)" in result.stdout


def test_every_result_format_parses(cli, tmp_path: Path):
    rq = tmp_path / "drugs.rq"
    rq.write_text(DRUGS)
    as_json = json.loads(cli("query", rq, "--data", MINIMAL, "--format", "json").stdout)
    assert [b["name"]["value"] for b in as_json["results"]["bindings"]] == ["ketamine"]
    xml = ElementTree.fromstring(cli("query", rq, "--data", MINIMAL, "--format", "xml").stdout)
    assert [e.text for e in xml.iter("{http://www.w3.org/2005/sparql-results#}literal")] == ["ketamine"]
    rows = list(csv.reader(io.StringIO(cli("query", rq, "--data", MINIMAL, "--format", "csv").stdout)))
    assert rows == [["drug", "name"], ["https://w3id.org/ketagraph/id/ketamine", "ketamine"]]
    tsv = cli("query", rq, "--data", MINIMAL, "--format", "tsv").stdout.splitlines()
    assert tsv[0] == "?drug\t?name" and tsv[1] == '<https://w3id.org/ketagraph/id/ketamine>\t"ketamine"'


def test_construct_answers_turtle(cli):
    result = cli("query", "24-mechanism-map", "--format", "turtle")
    assert result.exit_code == 0
    assert len(Graph().parse(data=result.stdout, format="turtle")) > 0
    assert cli("query", "24-mechanism-map", "--format", "json").exit_code == 2


def test_stdin(tmp_path: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "ketagraph", "query", "-", "--data", str(MINIMAL), "--format", "csv"],
        input=DRUGS,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and "ketamine" in proc.stdout


def test_bind_is_a_value_not_text(cli, tmp_path: Path):
    rq = tmp_path / "name.rq"
    rq.write_text("SELECT ?name WHERE { ?x <https://schema.org/name> ?name }")
    ok = cli("query", rq, "--data", MINIMAL, "--bind", "x=kg:ketamine", "--format", "csv")
    assert ok.stdout.splitlines() == ["name", "ketamine"]
    hostile_iri = "kg:ketamine> ?p ?o } #"  # pasted into the query, this would change it
    refused = cli("query", rq, "--data", MINIMAL, "--bind", f"x={hostile_iri}", "--format", "csv")
    assert refused.exit_code == 2 and "--bind" in refused.stderr
    hostile_text = '"x" } ?s ?p ?o . { "'  # a literal, however it is quoted, stays one literal
    injected = cli("query", rq, "--data", MINIMAL, "--bind", f"name={hostile_text}", "--format", "csv")
    assert injected.exit_code == 0 and injected.stdout.splitlines() == ["name"]
    literal = cli("query", rq, "--data", MINIMAL, "--bind", 'name="ketamine"', "--format", "csv")
    assert literal.stdout.splitlines()[1:] == ["ketamine"]


def test_a_malformed_query_gets_line_and_column(cli, tmp_path: Path):
    rq = tmp_path / "bad.rq"
    rq.write_text("SELECT ?x\nWHERE {\n  ?x ?y\n}\n")
    result = cli("query", rq, "--data", MINIMAL)
    assert result.exit_code == 2
    assert f"{rq}:5:1" in result.stderr and "not valid SPARQL" in result.stderr  # the parser's own position


def test_unknown_query_name(cli):
    result = cli("query", "no-such-question")
    assert result.exit_code == 2 and "ketagraph query --list" in result.stderr


def test_query_a_release_file_with_its_named_graphs(cli, built_minimal: Path, tmp_path: Path):
    rq = tmp_path / "g.rq"
    rq.write_text("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    result = cli("query", rq, "--graph", built_minimal / "ketagraph.nq", "--format", "csv")
    assert result.exit_code == 0
    assert "https://w3id.org/ketagraph/id/statements-of-mini-review" in result.stdout


def _sparql(url: str, query: str, update: bool = False) -> tuple[int, bytes]:
    key = "update" if update else "query"
    req = urllib.request.Request(
        url, data=urllib.parse.urlencode({key: query}).encode(), headers={"Accept": "application/sparql-results+json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.mark.parametrize("writable", [False, True], ids=["read-only", "writable"])
def test_serve_answers_sparql_and_stops_on_ctrl_c(writable: bool):
    port = free_port()
    args = [sys.executable, "-m", "ketagraph", "serve", "--data", str(MINIMAL), "--port", str(port)]
    proc = subprocess.Popen([*args, *(["--writable"] if writable else [])], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/query" in line
        base = f"http://127.0.0.1:{port}"
        status, body = _sparql(f"{base}/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0
        status, _ = _sparql(f"{base}/update", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", update=True)
        assert (status < 300) == writable
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            code = proc.wait(timeout=20)
        finally:
            proc.kill()
    assert code == 0
    time.sleep(0.2)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2)
