"""One graph, the same answers everywhere: every competency question, asked four ways, gets the
same rows.

1. the embedded store of ``ketagraph query`` (the data, the default graph as the union);
2. ``ketagraph serve`` (a real Oxigraph server, started by the command);
3. a real Oxigraph server loaded with the release's ``ketagraph.nq`` and started with
   ``--union-default-graph``, as a store whose default graph is the union of its named graphs
   (Jena's ``unionDefaultGraph`` is the same idea);
4. Virtuoso, loaded by ``ketagraph load --quads`` (marker ``virtuoso``), whose default graph is
   every graph it holds.

The release's quads put every triple in a named graph (``Built.quads``), so the union of the
named graphs is the whole graph; with the old layout, where the curators' description sat in the
default graph, (3) answered 1 of the 38 questions as (1) does, and (2) 12.
Rows are compared as multisets of bindings; numbers, dates and language tags compare as
``ketagraph load`` compares them (stores re-spell them), blank nodes by position only.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

import ketagraph
from ketagraph.reading.graph import CURATED_GRAPH
from ketagraph.reading.pipeline import read_data
from ketagraph.stores import query as kq
from ketagraph.stores.query import list_queries
from ketagraph.stores.upload import _canonical_literal

from .conftest import DATA
from .servers import free_port, oxigraph_server, virtuoso_server

QUERIES = list_queries()
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

Rows = Counter


def _term(b: dict) -> tuple:
    kind = b["type"]
    if kind == "uri":
        return ("uri", b["value"])
    if kind == "bnode":
        return ("bnode",)
    datatype, lang = b.get("datatype", ""), b.get("xml:lang", "").lower()
    if datatype == _XSD_STRING:
        datatype = ""
    canonical = _canonical_literal(b["value"], datatype) if datatype else None
    return ("literal", *(canonical or (b["value"], datatype)), lang)


def rows(results: bytes) -> Rows:
    """The solutions of a SPARQL JSON result as a multiset of {variable: term} (ASK: its boolean)."""
    doc = json.loads(results)
    if "boolean" in doc:  # ASK
        return Counter([frozenset([("boolean", doc["boolean"])])])
    return Counter(frozenset((var, _term(b)) for var, b in solution.items()) for solution in doc["results"]["bindings"])


def triples(turtle: bytes) -> Rows:
    """A CONSTRUCT's answer as a set of triples of terms compared as :func:`_term` compares them."""

    def term(t) -> tuple:
        if isinstance(t, ox.NamedNode):
            return _term({"type": "uri", "value": t.value})
        if isinstance(t, ox.BlankNode):
            return ("bnode",)
        b = {"type": "literal", "value": t.value, "datatype": t.datatype.value}
        return _term({**b, "xml:lang": t.language} if t.language else b)

    parsed = ox.parse(turtle, format=ox.RdfFormat.TURTLE)
    return Counter({(term(t.subject), term(t.predicate), term(t.object)) for t in parsed})


def is_construct(text: str) -> bool:
    return isinstance(ox.Store().query(text), ox.QueryTriples)


def ask(url: str, text: str, graphs: list[str] = ()) -> Rows:
    graph = is_construct(text)
    req = urllib.request.Request(
        url,
        data=urllib.parse.urlencode([("query", text), *(("default-graph-uri", g) for g in graphs)]).encode(),
        headers={"Accept": "text/turtle" if graph else "application/sparql-results+json"},
    )
    with urllib.request.urlopen(req, timeout=120) as resp:
        return triples(resp.read()) if graph else rows(resp.read())


def same(embedded: dict[str, Rows], url: str, graphs: list[str] = ()) -> dict[str, str]:
    """The questions ``url`` answers differently from the embedded store, with how; ``graphs``:
    the query's default graph is their merge (the protocol's ``default-graph-uri``)."""
    differ = {}
    for q in QUERIES:
        theirs = ask(url, q.text, graphs)
        if theirs != embedded[q.name]:
            mine = embedded[q.name]
            differ[q.name] = f"{sum(theirs.values())} rows, {sum(mine.values())} embedded, {len(mine - theirs)} missing"
    return differ


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("same-answers") / "dist"
    assert ketagraph.build(DATA, out).passes
    return out


@pytest.fixture(scope="module")
def embedded() -> dict[str, Rows]:
    store = kq.open_store(read_data(DATA))  # as `ketagraph query` does, once for every question
    answers = {
        q.name: triples(kq.run(store, q.text, fmt="turtle"))
        if is_construct(q.text)
        else rows(kq.run(store, q.text, fmt="json"))
        for q in QUERIES
    }
    assert sum(1 for a in answers.values() if a) >= len(QUERIES) - 1, "the questions have answers to compare"
    return answers


def test_every_question_is_asked(embedded: dict[str, Rows]):
    assert len(QUERIES) >= 38


def test_no_triple_of_the_release_is_in_the_default_graph(release: Path):
    quads = list(ox.parse(path=release / "ketagraph.nq", format=ox.RdfFormat.N_QUADS))
    graphs = Counter(q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else "" for q in quads)
    assert "" not in graphs, f"{graphs['']} triples in the default graph"
    assert graphs[CURATED_GRAPH] > 0 and len(graphs) > 2  # the curators' graph and each voice's
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    assert len(triples) == len(quads)  # every triple in one graph only
    nt = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=release / "ketagraph.nt")}
    assert triples == nt  # the union of the named graphs is the merged graph
    trig = list(ox.parse(path=release / "ketagraph.trig", format=ox.RdfFormat.TRIG))
    assert sorted(map(str, trig)) == sorted(map(str, quads))


def test_serve_answers_every_question_as_query_does(embedded: dict[str, Rows], tmp_path: Path):
    port = free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    cmd = [sys.executable, "-m", "ketagraph", "serve", "--data", str(DATA), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/query" in line, line
        assert same(embedded, f"http://127.0.0.1:{port}/query") == {}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        finally:
            proc.kill()


def test_a_union_default_graph_store_loaded_with_the_quads_answers_as_query_does(
    embedded: dict[str, Rows], release: Path, tmp_path: Path
):
    with oxigraph_server(tmp_path, union_default_graph=True) as srv:
        req = urllib.request.Request(
            f"{srv.base}/store",
            data=(release / "ketagraph.nq").read_bytes(),
            headers={"Content-Type": "application/n-quads"},
            method="POST",
        )
        with urllib.request.urlopen(req, timeout=120) as resp:
            assert resp.status < 300
        assert same(embedded, srv.query_url) == {}
        # Oxigraph's union also holds the default graph; Jena's unionDefaultGraph holds only the
        # named graphs. Their merge, named as the query's dataset, is that union on any store.
        named = ask(srv.query_url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        graphs = sorted(dict(row)["g"][1] for row in named)
        assert len(graphs) > 2
        assert same(embedded, srv.query_url, graphs) == {}


@pytest.mark.virtuoso
@pytest.mark.skipif(shutil.which("virtuoso-t") is None, reason="virtuoso not installed")
def test_virtuoso_loaded_with_load_quads_answers_as_query_does(
    embedded: dict[str, Rows], release: Path, tmp_path: Path, cli, monkeypatch
):
    with virtuoso_server(tmp_path) as srv:
        for k, v in srv.env.items():
            monkeypatch.setenv(k, v)
        result = cli("load", *srv.load_args, "--quads", "--file", release / "ketagraph.nq")
        assert result.exit_code == 0, result.stderr
        assert f"<{CURATED_GRAPH}>" in result.stdout and "statements-of-chah-2021" in result.stdout
        assert same(embedded, srv.query_url) == {}


# --- `ketagraph load --quads`: the release's named graphs, each replaced and verified -------------


def _graph_counts(url: str) -> dict[str, int]:
    answer = ask(url, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {dict(row)["g"][1]: int(dict(row)["n"][1]) for row in answer}


def test_load_quads_replaces_each_named_graph_and_says_which(release: Path, tmp_path: Path, cli):
    expected = Counter(q.graph_name.value for q in ox.parse(path=release / "ketagraph.nq", format=ox.RdfFormat.N_QUADS))
    with oxigraph_server(tmp_path) as srv:
        # what an earlier load left in a graph of the release is replaced, not merged
        stale = f"INSERT DATA {{ GRAPH <{CURATED_GRAPH}> {{ <urn:old> <urn:old> <urn:old> }} }}"
        urllib.request.urlopen(f"{srv.base}/update", data=urllib.parse.urlencode({"update": stale}).encode())
        for _ in range(2):  # loading twice leaves one copy
            result = cli("load", *srv.load_args, "--quads", "--file", release / "ketagraph.nq")
            assert result.exit_code == 0, result.stderr
            assert _graph_counts(srv.query_url) == dict(expected)  # no staging graph left either
        for graph, n in expected.items():
            assert f"<{graph}>: {n:,} triples" in result.stdout
        assert f"{sum(expected.values()):,} triples into {len(expected)} named graphs" in result.stdout
        # the data itself, without a file, gives the same graphs
        result = cli("load", *srv.load_args, "--quads", "--data", DATA, "--method", "update")
        assert result.exit_code == 0, result.stderr
        assert _graph_counts(srv.query_url) == dict(expected)


def test_load_quads_refuses_what_it_cannot_keep(release: Path, tmp_path: Path, cli):
    old = tmp_path / "old.nq"  # a release of the old layout: the curators' description in the default graph
    old.write_text("<urn:s> <urn:p> <urn:o> .\n<urn:s> <urn:p> <urn:o> <urn:g> .\n")
    url = f"http://127.0.0.1:{free_port()}/query"  # nothing is sent: no server needed
    result = cli("load", "--endpoint", url, "--quads", "--file", old)
    assert result.exit_code == 2 and "1 triples of" in result.stderr and "default graph" in result.stderr
    result = cli("load", "--endpoint", url, "--quads", "--file", release / "ketagraph.nt")
    assert result.exit_code == 2 and "N-Quads" in result.stderr
    result = cli("load", "--endpoint", url, "--quads", "--graph", "urn:x", "--file", release / "ketagraph.nq")
    assert result.exit_code == 2 and "leave out --graph" in result.stderr
