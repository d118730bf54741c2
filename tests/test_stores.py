"""`ketagraph load` against real SPARQL servers: Oxigraph (PyPI) always, Virtuoso (Debian) in the
``virtuoso`` suite that `.ci/run` runs as its own step.

For each store: load; every competency question answers through the server as it does on the
embedded store; loading again leaves one copy; a named graph is replaced, not merged. Faults
give exit 3 and leave the previous graph intact.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ketagraph.reading.pipeline import read_data
from ketagraph.stores.query import list_queries, open_store
from ketagraph.stores.query import run as run_query

from .conftest import DATA, MINIMAL
from .servers import DroppingProxy, Server, Stub, free_port, oxigraph_server, virtuoso_server

GRAPH = "https://w3id.org/ketagraph/graph/test"


def _virtuoso_available() -> bool:
    return shutil.which("virtuoso-t") is not None


STORES = [
    pytest.param("oxigraph", id="oxigraph"),
    pytest.param(
        "virtuoso",
        id="virtuoso",
        marks=[
            pytest.mark.virtuoso,
            pytest.mark.skipif(not _virtuoso_available() and not os.environ.get("CI"), reason="virtuoso not installed"),
        ],
    ),
]


@pytest.fixture(scope="module", params=STORES)
def server(request, tmp_path_factory) -> Server:
    tmp = tmp_path_factory.mktemp(request.param)
    start = oxigraph_server if request.param == "oxigraph" else virtuoso_server
    with start(tmp) as srv:
        yield srv


@pytest.fixture(scope="module")
def shipped():
    return read_data(DATA)


def _load(cli, monkeypatch, server: Server, *extra: str, graph: str = GRAPH):
    for k, v in server.env.items():
        monkeypatch.setenv(k, v)
    return cli("load", *server.load_args, "--graph", graph, *extra)


def _sparql(server: Server, query: str, accept: str, default_graph: str | None = GRAPH) -> bytes:
    params = {"query": query}
    if default_graph:
        params["default-graph-uri"] = default_graph
    req = urllib.request.Request(
        server.query_url,
        data=urllib.parse.urlencode(params).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.read()
    except urllib.error.HTTPError as err:
        raise AssertionError(f"{server.name} answered HTTP {err.code}: {err.read()[:800]!r}\n{query}") from None


def _count(server: Server, graph: str = GRAPH) -> int:
    body = _sparql(
        server,
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
        "application/sparql-results+json",
        default_graph=None,
    )
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def _rows(results_json: bytes) -> Counter:
    doc = json.loads(results_json)
    if "boolean" in doc:
        return Counter([("ASK", str(doc["boolean"]).lower())])
    names = doc["head"]["vars"]
    return Counter(tuple(b.get(n, {}).get("value") for n in names) for b in doc["results"]["bindings"])


def test_load_and_every_competency_question_answers_as_embedded(cli, monkeypatch, server: Server, shipped):
    result = _load(cli, monkeypatch, server)
    assert result.exit_code == 0, result.stderr
    assert _count(server) == len(shipped.graph)

    store = open_store(shipped)
    for item in list_queries():
        text = item.text
        if "CONSTRUCT" in text.upper().split("WHERE")[0]:
            remote = Graph().parse(data=_sparql(server, text, "application/n-triples"), format="nt")
            local = Graph().parse(data=run_query(store, text, fmt="turtle"), format="turtle")
            assert isomorphic(remote, local), item.name
        else:
            remote = _rows(_sparql(server, text, "application/sparql-results+json"))
            local = _rows(run_query(store, text, fmt="json"))
            assert remote == local, item.name


def test_loading_twice_leaves_one_copy(cli, monkeypatch, server: Server, shipped):
    for _ in range(2):
        assert _load(cli, monkeypatch, server).exit_code == 0
    assert _count(server) == len(shipped.graph)
    staging = _sparql(
        server,
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:ketagraph:staging')) }",
        "application/sparql-results+json",
        default_graph=None,
    )
    assert json.loads(staging)["results"]["bindings"][0]["n"]["value"] == "0"


def test_a_named_graph_is_replaced_not_merged(cli, monkeypatch, server: Server, shipped):
    graph = GRAPH + "/replace"
    assert _load(cli, monkeypatch, server, "--data", str(MINIMAL), graph=graph).exit_code == 0
    assert _count(server, graph) == len(read_data(MINIMAL).graph)
    assert _load(cli, monkeypatch, server, "--method", "update", "--chunk-size", "500", graph=graph).exit_code == 0
    assert _count(server, graph) == len(shipped.graph)
    mini_only = _sparql(
        server,
        f"ASK {{ GRAPH <{graph}> {{ <https://w3id.org/ketagraph/id/mini-claim> ?p ?o }} }}",
        "application/sparql-results+json",
        default_graph=None,
    )
    assert json.loads(mini_only)["boolean"] is False


# -- faults: exit 3, a message that says what happened, and the previous graph intact ------------


@pytest.fixture
def oxigraph_with_graph(tmp_path: Path, cli, monkeypatch):
    """A fresh Oxigraph server whose graph already holds the minimal data set."""
    with oxigraph_server(tmp_path) as srv:
        assert _load(cli, monkeypatch, srv, "--data", str(MINIMAL)).exit_code == 0
        yield srv


def test_server_stopped_before_the_load(tmp_path: Path, cli, monkeypatch):
    location = tmp_path / "kept"
    with oxigraph_server(location) as srv:
        assert _load(cli, monkeypatch, srv, "--data", str(MINIMAL)).exit_code == 0
        before = _count(srv)
        port = srv.base.rsplit(":", 1)[1]
    result = cli(
        "load", "--endpoint", f"http://127.0.0.1:{port}/query", "--graph", GRAPH, "--data", str(DATA), "--retries", "1"
    )
    assert result.exit_code == 3
    assert "connection was refused" in result.stderr and "is the store running" in result.stderr
    with oxigraph_server(location) as again:  # same database folder, new process
        assert _count(again) == before


def test_server_dies_during_the_load(oxigraph_with_graph: Server, cli, shipped):
    before = _count(oxigraph_with_graph)
    port = int(oxigraph_with_graph.base.rsplit(":", 1)[1])
    nt_size = len(shipped.graph) * 150
    with DroppingProxy(port, budget=nt_size // 3) as proxy:
        result = cli(
            "load",
            "--endpoint",
            f"http://127.0.0.1:{proxy.port}/query",
            "--graph",
            GRAPH,
            "--chunk-size",
            "100",
            "--retries",
            "1",
        )
        assert proxy.dead.is_set(), "the proxy never cut the load"
    assert result.exit_code == 3, result.stderr
    assert "could not" in result.stderr
    assert _count(oxigraph_with_graph) == before


def test_wrong_credentials_are_refused(cli, monkeypatch):
    with Stub(status=401) as stub:
        monkeypatch.setenv("KETAGRAPH_STORE_USER", "someone")
        monkeypatch.setenv("KETAGRAPH_STORE_PASSWORD", "s3cret-never-printed")
        result = cli("load", "--endpoint", f"{stub.url}/query", "--data", str(MINIMAL))
    assert result.exit_code == 3
    assert "refused the credentials (HTTP 401)" in result.stderr and "KETAGRAPH_STORE_USER" in result.stderr
    assert "s3cret" not in result.stderr + result.stdout


@pytest.mark.virtuoso
@pytest.mark.skipif(not _virtuoso_available() and not os.environ.get("CI"), reason="virtuoso not installed")
def test_virtuoso_refuses_wrong_credentials_and_keeps_the_graph(tmp_path: Path, cli, monkeypatch):
    with virtuoso_server(tmp_path) as srv:
        assert _load(cli, monkeypatch, srv, "--data", str(MINIMAL)).exit_code == 0
        before = _count(srv)
        monkeypatch.setenv("KETAGRAPH_STORE_PASSWORD", "wrong-password")
        result = cli("load", *srv.load_args, "--graph", GRAPH, "--data", str(DATA))
        assert result.exit_code == 3
        assert "refused the credentials" in result.stderr and "wrong-password" not in result.stderr
        assert _count(srv) == before


def test_a_server_slower_than_the_timeout(cli):
    with Stub(status=200, delay=3) as stub:
        result = cli("load", "--endpoint", f"{stub.url}/query", "--data", str(MINIMAL), "--timeout", "1")
    assert result.exit_code == 3
    assert "did not answer within 1 s" in result.stderr


def test_an_http_500_is_retried_then_reported(cli):
    with Stub(status=500, body=b"Internal error: disk full\n") as stub:
        result = cli("load", "--endpoint", f"{stub.url}/query", "--data", str(MINIMAL), "--retries", "2")
        # the first request (counting the target graph): the first try and two retries; nothing was
        # written, so there is no staging graph to remove (a 500 on a write: test_promises_stores.py)
        assert stub.log == [("POST", "/query")] * 3
    assert result.exit_code == 3
    assert "HTTP 500" in result.stderr and "disk full" in result.stderr


def test_nothing_listening(cli):
    result = cli(
        "load", "--endpoint", f"http://127.0.0.1:{free_port()}/query", "--data", str(MINIMAL), "--retries", "0"
    )
    assert result.exit_code == 3 and "Traceback" not in result.stderr
