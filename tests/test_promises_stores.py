"""What `ketagraph load` promises, against a real Oxigraph server (and Virtuoso in its own suite):

- it exits 0 only when the target graph holds exactly the triples sent, read back and compared
  by content: a store that acknowledges MOVE without doing it, merges instead of replacing, or
  loses or alters a triple gives exit 3, a message saying what the store did, and the target's state;
- its staging graph never survives a failure the store can still hear of; staging graphs an
  earlier load left are reported, and removed with --drop-stale-staging;
- a URL without a scheme or a graph that is not an IRI is refused (exit 2) before any request;
- HTTP 403 (a read-only store) is not blamed on the credentials, and credentials are never printed.

The faults come from :class:`tests.servers.InterceptingProxy` in front of the real server.
"""

from __future__ import annotations

import json
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from ketagraph.stores import upload

from .conftest import DATA, MINIMAL
from .servers import (
    DroppingProxy,
    Exchange,
    Forward,
    InterceptingProxy,
    Server,
    Stub,
    answer,
    free_port,
    oxigraph_server,
    virtuoso_server,
)

GRAPH = "https://w3id.org/ketagraph/graph/promises"
V1_LABEL, V2_LABEL = '"ketamine"', '"Ketamine, v2"'


# -- reading the real store directly (never through a proxy) ------------------------------------


def _select(server: Server, query: str) -> list[dict]:
    req = urllib.request.Request(
        server.query_url,
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read())["results"]["bindings"]


def _count(server: Server, graph: str = GRAPH) -> int:
    rows = _select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"]["value"])


def _triples(server: Server, graph: str = GRAPH) -> set[str]:
    req = urllib.request.Request(
        server.query_url,
        data=urllib.parse.urlencode(
            {"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"}
        ).encode(),
        headers={"Accept": "application/n-triples"},
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        return {" ".join(line.split()) for line in resp.read().decode().splitlines() if line.strip()}


def _staging(server: Server) -> list[str]:
    rows = _select(
        server,
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:ketagraph:staging:')) }",
    )
    return sorted(row["g"]["value"] for row in rows)


def _insert(server: Server, graph: str, triple: str = "<urn:x> <urn:y> <urn:z> .") -> None:
    body = urllib.parse.urlencode({"update": f"INSERT DATA {{ GRAPH <{graph}> {{ {triple} }} }}"}).encode()
    with urllib.request.urlopen(urllib.request.Request(f"{server.base}/update", data=body), timeout=60):
        pass


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path):
    with oxigraph_server(tmp_path / "store") as srv:
        yield srv


@pytest.fixture
def v2(tmp_path: Path) -> Path:
    """The minimal data with one label changed: as many triples as v1, one of them different."""
    dst = tmp_path / "v2"
    shutil.copytree(MINIMAL, dst)
    drugs = dst / "drugs.yaml"
    text = drugs.read_text()
    assert "  - id: ketamine\n    label: ketamine\n" in text
    drugs.write_text(
        text.replace("  - id: ketamine\n    label: ketamine\n", "  - id: ketamine\n    label: Ketamine, v2\n")
    )
    return dst


@pytest.fixture
def loaded_v1(store: Server, cli) -> set[str]:
    """The store's graph holds the minimal data (v1); returns its triples as read back."""
    result = cli("load", "--endpoint", store.query_url, "--graph", GRAPH, "--data", MINIMAL)
    assert result.exit_code == 0, result.stderr
    triples = _triples(store)
    assert any(V1_LABEL in t for t in triples)
    return triples


def _through(proxy: InterceptingProxy, cli, *args: str | Path):
    return cli("load", "--endpoint", f"{proxy.base}/query", "--graph", GRAPH, "--retries", "0", *args)


def _update(request: Exchange) -> str:
    return request.form().get("update", "") if request.path.startswith("/update") else ""


# -- 1. exit 0 only when the target holds exactly the release ------------------------------------


def test_success_names_the_graph_and_holds_exactly_the_release(store: Server, cli, v2: Path):
    result = cli("load", "--endpoint", store.query_url, "--graph", GRAPH, "--data", v2)
    assert result.exit_code == 0, result.stderr
    assert f"into graph <{GRAPH}>" in result.stdout and "holds exactly the triples sent" in result.stdout
    assert any(V2_LABEL in t for t in _triples(store))
    assert _staging(store) == []


def test_a_store_that_acknowledges_move_without_doing_it(store: Server, cli, loaded_v1: set[str], v2: Path):
    """Jena 4.5 answers MOVE from a named graph without moving; so does this proxy (HTTP 204)."""

    def ignore_move(request: Exchange, forward: Forward) -> Exchange:
        return answer(204) if _update(request).lstrip().startswith("MOVE") else forward(request)

    with InterceptingProxy(store.base, ignore_move) as proxy:
        result = _through(proxy, cli, "--data", v2)
    assert any("MOVE" in form.get("update", "") for _, _, form in proxy.log)
    assert result.exit_code == 3, result.stdout + result.stderr
    assert "after MOVE the target graph does not hold the release" in result.stderr
    assert "acknowledged MOVE but did not apply it" in result.stderr
    assert f"<{GRAPH}> still holds its previous {len(loaded_v1)} triples" in result.stderr
    assert _triples(store) == loaded_v1  # v1, untouched
    assert _staging(store) == []  # the staging graph that MOVE left behind is gone


def test_a_store_that_merges_instead_of_replacing(store: Server, cli, loaded_v1: set[str], v2: Path):
    """A store whose MOVE adds to the target instead of replacing it."""

    def merge(request: Exchange, forward: Forward) -> Exchange:
        text = _update(request).strip()
        if text.startswith("MOVE"):
            _, source, _, target = text.split()
            return forward(request.with_form(update=f"ADD {source} TO {target} ; DROP GRAPH {source}"))
        return forward(request)

    with InterceptingProxy(store.base, merge) as proxy:
        result = _through(proxy, cli, "--data", v2)
    assert result.exit_code == 3, result.stdout + result.stderr
    assert "removed the staging graph, but the target did not receive it as sent" in result.stderr
    held = len(loaded_v1) + 1  # v1 and v2 differ in one triple
    assert f"it holds {held} triples, {len(loaded_v1)} were sent" in result.stderr
    assert f"now holds {held} triples (before the load: {len(loaded_v1)})" in result.stderr
    assert _staging(store) == []


# -- 6. a store that loses or alters a triple: nothing is moved --------------------------------


def _rewrite_first_write(change):
    """A proxy rule that passes the first write of triples (GSP PUT or INSERT DATA) through ``change``."""
    done = []

    def rule(request: Exchange, forward: Forward) -> Exchange:
        if not done and request.method == "PUT" and request.path.startswith("/store"):
            done.append(True)
            return forward(Exchange(request.method, request.path, request.headers, change(request.body)))
        if not done and _update(request).startswith("INSERT DATA"):
            done.append(True)
            return forward(request.with_form(update=change(_update(request).encode()).decode()))
        return forward(request)

    return rule


def _drop_a_triple(body: bytes) -> bytes:
    lines = body.split(b"\n")
    victim = next(i for i, line in enumerate(lines) if line.rstrip().endswith(b" ."))
    return b"\n".join(lines[:victim] + lines[victim + 1 :])


def _alter_a_literal(body: bytes) -> bytes:
    assert b'"ketamine"' in body
    return body.replace(b'"ketamine"', b'"ketamine (altered)"', 1)


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_a_store_that_loses_a_triple(store: Server, cli, loaded_v1: set[str], v2: Path, method: str):
    with InterceptingProxy(store.base, _rewrite_first_write(_drop_a_triple)) as proxy:
        result = _through(proxy, cli, "--data", v2, "--method", method)
    assert result.exit_code == 3, result.stdout + result.stderr
    n = len(loaded_v1)
    assert f"in the staging graph it holds {n - 1} triples, {n} were sent" in result.stderr
    assert f"nothing was moved, and <{GRAPH}> was left as it was ({n} triples)" in result.stderr
    assert not any("MOVE" in form.get("update", "") for _, _, form in proxy.log)
    assert _triples(store) == loaded_v1
    assert _staging(store) == []


def test_a_store_that_alters_a_literal(store: Server, cli, loaded_v1: set[str], v2: Path):
    """As many triples as sent, one different: a count would pass it; the content check does not."""
    with InterceptingProxy(store.base, _rewrite_first_write(_alter_a_literal)) as proxy:
        result = _through(proxy, cli, "--data", v2)
    assert result.exit_code == 3, result.stdout + result.stderr
    assert "as many as were sent, but their content differs" in result.stderr
    assert not any("MOVE" in form.get("update", "") for _, _, form in proxy.log)
    assert _triples(store) == loaded_v1
    assert _staging(store) == []


def test_a_failed_write_in_the_middle_removes_the_staging_graph(store: Server, cli, loaded_v1: set[str]):
    writes = []

    def fail_third_write(request: Exchange, forward: Forward) -> Exchange:
        if request.path.startswith("/store"):
            writes.append(request.method)
            if len(writes) >= 3:
                return answer(500, b"Internal error: disk full\n")
        return forward(request)

    with InterceptingProxy(store.base, fail_third_write) as proxy:
        result = _through(proxy, cli, "--data", DATA, "--chunk-size", "500")
    assert result.exit_code == 3, result.stdout + result.stderr
    assert "HTTP 500: Internal error: disk full" in result.stderr
    assert writes == ["PUT", "POST", "POST"]  # two chunks in the staging graph, then the failure
    assert any("DROP SILENT GRAPH <urn:ketagraph:staging:" in form.get("update", "") for _, _, form in proxy.log)
    assert _triples(store) == loaded_v1
    assert _staging(store) == []


def test_an_answer_capped_in_rows_is_read_in_pages(store: Server, cli):
    """Virtuoso answers at most 10,000 rows (ResultSetMaxRows); this proxy caps every CONSTRUCT at 1,000."""

    def cap(request: Exchange, forward: Forward) -> Exchange:
        reply = forward(request)
        if "CONSTRUCT" in request.form().get("query", ""):
            reply.body = b"".join(reply.body.splitlines(keepends=True)[:1000])
        return reply

    with InterceptingProxy(store.base, cap) as proxy:
        result = _through(proxy, cli, "--data", DATA)
    assert result.exit_code == 0, result.stderr
    pages = [form["query"] for _, _, form in proxy.log if "OFFSET" in form.get("query", "")]
    total = _count(store)
    assert total > 3000 and len(pages) == 2 * -(-total // 1000)  # staging and target, each in pages


def test_a_malformed_file_stops_the_load_and_removes_the_staging_graph(
    store: Server, cli, loaded_v1: set[str], tmp_path: Path
):
    nt = tmp_path / "broken.nt"
    lines = [f'<urn:s{i}> <urn:p> "{i}" .' for i in range(30)]
    lines[24] = '<urn:s24> <urn:p> "no end quote .'
    nt.write_text("\n".join(lines) + "\n")
    result = cli("load", "--endpoint", store.query_url, "--graph", GRAPH, "--file", nt, "--chunk-size", "10")
    assert result.exit_code == 2, result.stdout + result.stderr
    assert f"'{nt}' is not valid N-Triples at triple 25" in result.stderr
    assert _triples(store) == loaded_v1
    assert _staging(store) == []  # the two chunks written before it are gone


def test_a_file_that_repeats_a_triple_is_not_taken_for_a_success(store: Server, cli, tmp_path: Path):
    nt = tmp_path / "twice.nt"
    nt.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> <urn:d> .\n<urn:a> <urn:b> <urn:c> .\n")
    result = cli("load", "--endpoint", store.query_url, "--graph", GRAPH, "--file", nt, "--chunk-size", "2")
    assert result.exit_code == 3
    assert "it holds 2 triples, 3 were sent" in result.stderr and "repeats a triple" in result.stderr
    assert _staging(store) == []


# -- 2. staging graphs: never left by a failure the store hears of; earlier ones reported -------


def test_staging_graphs_left_by_a_crashed_load_are_reported_then_dropped_on_request(
    store: Server, cli, loaded_v1: set[str]
):
    port = int(store.base.rsplit(":", 1)[1])
    with DroppingProxy(port, budget=60_000) as proxy:
        crashed = cli(
            "load", "--endpoint", f"http://127.0.0.1:{proxy.port}/query", "--graph", GRAPH, "--data", DATA,
            "--chunk-size", "100", "--retries", "0",
        )  # fmt: skip
        assert proxy.dead.is_set()
    assert crashed.exit_code == 3
    assert "could not be removed; the next `ketagraph load --drop-stale-staging` removes it" in crashed.stderr
    left = _staging(store)
    assert len(left) == 1 and left[0] in crashed.stderr
    old = "urn:ketagraph:staging:20200101T000000Z:0123456789abcdef"
    _insert(store, old)

    reported = cli("load", "--endpoint", store.query_url, "--graph", GRAPH, "--data", MINIMAL)
    assert reported.exit_code == 0, reported.stderr
    assert "2 staging graph(s) of other loads remain in the store" in reported.stderr
    assert f"<{left[0]}> (" in reported.stderr and f"<{old}> (" in reported.stderr
    assert " days old)" in reported.stderr  # the 2020 one, from the time in its name
    assert "--drop-stale-staging" in reported.stderr
    assert _staging(store) == sorted([old, left[0]])  # not removed unasked: one may be a running load's

    dropped = cli("load", "--endpoint", store.query_url, "--graph", GRAPH, "--data", MINIMAL, "--drop-stale-staging")
    assert dropped.exit_code == 0, dropped.stderr
    assert f"Removed the stale staging graph <{old}>" in dropped.stderr
    assert f"Removed the stale staging graph <{left[0]}>" in dropped.stderr
    assert "remain in the store" not in dropped.stderr
    assert _staging(store) == []
    assert _triples(store) == loaded_v1


def test_drop_stale_staging_is_in_the_help(cli):
    result = cli("load", "--help")
    assert "--drop-stale-staging" in result.stdout


# -- 3. clean errors before reaching the store ---------------------------------------------------


@pytest.mark.parametrize("option", ["--endpoint", "--update-endpoint", "--gsp-endpoint"])
@pytest.mark.parametrize("bad", ["127.0.0.1:7878", "localhost:7878/query", "ftp://host/query", "http://:7878/query"])
def test_a_url_that_is_not_a_full_url_is_refused_before_the_store(cli, option: str, bad: str):
    with Stub(status=200) as stub:
        args = ["--endpoint", f"{stub.url}/query"] if option != "--endpoint" else []
        result = cli("load", *args, option, bad, "--data", MINIMAL)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert f"{option} '{bad}' is not a full URL" in result.stderr
    assert "give a full URL such as http://127.0.0.1:7878/query" in result.stderr
    assert stub.requests == 0


@pytest.mark.parametrize(
    "graph",
    ["not an iri", "no-scheme", "<https://example.org/g>", "https://example.org/a b", 'https://example.org/"', "https://example.org/{x}", "urn:ketagraph:staging:x"],
)  # fmt: skip
def test_a_graph_that_is_not_an_absolute_iri_is_refused_before_the_store(cli, graph: str):
    with Stub(status=200) as stub:
        result = cli("load", "--endpoint", f"{stub.url}/query", "--graph", graph, "--data", MINIMAL)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert f"--graph '{graph}'" in result.stderr
    assert stub.requests == 0


# -- 4. a read-only store: HTTP 403 is not about the credentials --------------------------------


def test_a_read_only_store_is_named_as_such(tmp_path: Path, cli, monkeypatch):
    location = tmp_path / "store"
    with oxigraph_server(location) as srv:
        assert cli("load", "--endpoint", srv.query_url, "--graph", GRAPH, "--data", MINIMAL).exit_code == 0
        before = _triples(srv)
    with oxigraph_server(location, read_only=True) as ro:  # what `ketagraph serve` runs
        result = cli("load", "--endpoint", ro.query_url, "--graph", GRAPH, "--data", DATA)
        assert _triples(ro) == before
        assert _staging(ro) == []
    assert result.exit_code == 3, result.stdout + result.stderr
    assert "refused this operation (HTTP 403 Forbidden: The server is read-only)" in result.stderr
    assert "the store is read-only, or the account may not write to it" in result.stderr
    assert "credentials" not in result.stderr


# -- 5. credentials are never printed ------------------------------------------------------------

SECRET_ENV, SECRET_URL = "env-s3cret-never-printed", "url-s3cret-never-printed"


def _with_credentials(base: str) -> str:
    return base.replace("http://", f"http://someone:{SECRET_URL}@") + "/query"


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        ("refused", "connection was refused"),
        ("401", "refused the credentials (HTTP 401)"),
        ("403", "refused this operation (HTTP 403"),
        ("500", "HTTP 500"),
        ("timeout", "did not answer within 1 s"),
        ("no-scheme", "is not a full URL"),
        ("bad-port", "is not a valid URL"),
    ],
)
@pytest.mark.parametrize("env", [True, False], ids=["env-and-url", "url-only"])
def test_credentials_are_never_printed(cli, monkeypatch, fault: str, says: str, env: bool):
    if env:
        monkeypatch.setenv("KETAGRAPH_STORE_USER", "someone")
        monkeypatch.setenv("KETAGRAPH_STORE_PASSWORD", SECRET_ENV)
    secrets = f"{SECRET_ENV} {SECRET_URL}" if env else SECRET_URL
    echo = f"store says: user someone password {secrets}".encode()  # a careless store echoes them
    status = {"401": 401, "403": 403, "500": 500, "timeout": 200}.get(fault, 200)
    with Stub(status=status, delay=3 if fault == "timeout" else 0, body=echo) as stub:
        endpoint = {
            "refused": _with_credentials(f"http://127.0.0.1:{free_port()}"),
            "no-scheme": f"someone:{SECRET_URL}@127.0.0.1:7878/query",
            "bad-port": f"http://someone:{SECRET_URL}@127.0.0.1:99999/query",
        }.get(fault, _with_credentials(stub.url))
        result = cli("load", "--endpoint", endpoint, "--data", MINIMAL, "--timeout", "1", "--retries", "0")
    assert result.exit_code == (2 if fault in ("no-scheme", "bad-port") else 3), result.stderr
    assert says in result.stderr
    out = result.stdout + result.stderr
    assert SECRET_ENV not in out and SECRET_URL not in out


# -- 8. the library function: what the CLI calls, with str or Path -------------------------------


def test_the_library_function_loads_and_reports(store: Server, tmp_path: Path, built_minimal: Path):
    result = upload.load(endpoint=store.query_url, graph=GRAPH, file=str(built_minimal / "ketagraph.nt"))
    assert isinstance(result, upload.LoadResult)
    assert result.graph == GRAPH and result.triples == _count(store) and result.blank_node_triples == 0
    assert result.stale_staging == () and result.dropped_staging == ()
    again = upload.load(endpoint=store.query_url, graph=GRAPH, data=MINIMAL, method="update")
    assert again.triples == result.triples


def test_a_file_with_blank_nodes_is_checked_by_their_count(store: Server, tmp_path: Path):
    nt = tmp_path / "blank.nt"
    nt.write_text(
        '<urn:a> <urn:p> _:b1 .\n_:b1 <urn:q> "x" .\n<urn:a> <urn:r> "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
    )
    result = upload.load(endpoint=store.query_url, graph=GRAPH, file=nt)
    assert result.triples == 3 and result.blank_node_triples == 2
    assert _count(store) == 3


# -- Virtuoso: caps answers at 10,000 rows and re-types numbers -----------------------------------


@pytest.mark.virtuoso
@pytest.mark.skipif(shutil.which("virtuoso-t") is None, reason="virtuoso not installed")
def test_virtuoso_verifies_a_graph_larger_than_one_answer(tmp_path: Path, cli, monkeypatch):
    nt = tmp_path / "big.nt"
    with nt.open("w") as fh:
        for i in range(25_000):
            fh.write(f'<urn:s{i // 5}> <urn:p{i % 5}> "{i}.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n')
    with virtuoso_server(tmp_path) as srv:
        for k, v in srv.env.items():
            monkeypatch.setenv(k, v)
        result = cli("load", *srv.load_args, "--graph", GRAPH, "--file", nt, "--chunk-size", "10000")
        assert result.exit_code == 0, result.stderr
        assert _count(srv) == 25_000
        assert _staging(srv) == []
