"""``ketagraph load``: put the graph into a named graph of any SPARQL 1.1 store.

The triples go first into a fresh staging graph (Graph Store Protocol PUT/POST, or SPARQL
Update ``INSERT DATA``), in bounded chunks, so memory is bounded by the chunk, not the graph.
The staging graph is counted through the query endpoint; only when the count is right is it
moved onto the target with one ``MOVE`` (atomic in the stores we test). Loading twice leaves one
copy, the target is replaced rather than merged, and any failure leaves the target as it was.

Credentials come from ``KETAGRAPH_STORE_USER``/``KETAGRAPH_STORE_PASSWORD`` or ``~/.netrc``;
they are never printed or logged. Connection errors and 5xx answers are retried with backoff.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from .errors import InputError, ServiceError

if TYPE_CHECKING:
    import requests

__all__ = ["LoadResult", "SparqlStore", "StoreConfig", "file_chunks", "load_graph", "ntriples_chunks"]

USER_ENV = "KETAGRAPH_STORE_USER"
PASSWORD_ENV = "KETAGRAPH_STORE_PASSWORD"


@dataclass(frozen=True, slots=True)
class StoreConfig:
    """Where a store answers, and how patiently to talk to it."""

    endpoint: str  # SPARQL query endpoint
    update_endpoint: str | None = None  # default: the query endpoint with /query → /update
    gsp_endpoint: str | None = None  # default: the query endpoint with /query → /store
    gsp_param: str = "graph"  # Virtuoso's crud endpoint calls it graph-uri
    auth: str = "basic"  # or digest (Virtuoso)
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    retries: int = 2
    backoff: float = 0.5

    def derived(self, last_segment: str) -> str:
        parts = urlsplit(self.endpoint)
        head, _, tail = parts.path.rpartition("/")
        path = f"{head}/{last_segment}" if tail in ("query", "sparql") else f"{parts.path.rstrip('/')}/{last_segment}"
        return urlunsplit(parts._replace(path=path, query=""))


@dataclass(frozen=True, slots=True)
class LoadResult:
    graph: str
    triples: int
    chunks: int
    method: str


class SparqlStore:
    """A SPARQL 1.1 store over HTTP: query, update and the Graph Store Protocol."""

    def __init__(self, config: StoreConfig) -> None:
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        self.config = config
        self.update_url = config.update_endpoint or config.derived("update")
        self.gsp_url = config.gsp_endpoint or config.derived("store")
        self.session = requests.Session()
        retry = Retry(
            total=config.retries,
            connect=config.retries,
            read=0,  # a read timeout is not retried: the store may still be working on it
            status=config.retries,
            backoff_factor=config.backoff,
            status_forcelist=(500, 502, 503, 504),
            allowed_methods=None,  # PUT, POST too: staging writes are idempotent (RDF sets)
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.auth = _credentials(config)

    # -- the three protocols ---------------------------------------------------------------------

    def ask_count(self, graph: str) -> int:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        resp = self._request(
            "POST",
            self.config.endpoint,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            what="count the triples",
        )
        try:
            return int(resp.json()["results"]["bindings"][0]["n"]["value"])
        except (ValueError, KeyError, IndexError) as err:
            raise ServiceError.one(f"the store's answer to a COUNT query could not be read ({err})") from None

    def update(self, text: str, what: str) -> None:
        self._request("POST", self.update_url, data={"update": text}, what=what)

    def gsp_write(self, graph: str, body: bytes, *, replace: bool) -> None:
        self._request(
            "PUT" if replace else "POST",
            self.gsp_url,
            params={self.config.gsp_param: graph},
            data=body,
            headers={"Content-Type": "text/turtle; charset=utf-8"},  # N-Triples is Turtle
            what="write triples through the Graph Store Protocol",
        )

    def _request(self, method: str, url: str, *, what: str, **kwargs) -> requests.Response:
        import requests

        timeout = (self.config.connect_timeout, self.config.read_timeout)
        try:
            resp = self.session.request(method, url, timeout=timeout, **kwargs)
        except requests.exceptions.ConnectTimeout:  # pragma: no cover - needs an unroutable address
            raise ServiceError.one(
                f"could not {what}: connecting to {_safe(url)} timed out after {self.config.connect_timeout:g} s; "
                "check the address and that the store is running"
            ) from None
        except requests.exceptions.ReadTimeout:
            raise self._read_timeout(url, what) from None
        except requests.exceptions.ConnectionError as err:
            raise self._connection_problem(err, url, what) from None
        if resp.status_code in (401, 403):
            raise ServiceError.one(
                f"could not {what}: {_safe(url)} refused the credentials (HTTP {resp.status_code}); "
                f"set {USER_ENV} and {PASSWORD_ENV}, or add the host to ~/.netrc"
                + ("" if self.config.auth == "digest" else ", and try --auth digest if the store uses it")
            )
        if resp.status_code >= 400:
            first = (resp.text or "").strip().splitlines()[:1]
            detail = f": {first[0][:200]}" if first else ""
            raise ServiceError.one(f"could not {what}: {_safe(url)} answered HTTP {resp.status_code}{detail}")
        return resp

    def _read_timeout(self, url: str, what: str) -> ServiceError:
        return ServiceError.one(
            f"could not {what}: {_safe(url)} did not answer within {self.config.read_timeout:g} s; "
            "the store may be overloaded, or raise --timeout"
        )

    def _connection_problem(self, err: Exception, url: str, what: str) -> ServiceError:
        from urllib3.exceptions import ReadTimeoutError

        reason = getattr(err.args[0], "reason", None) if err.args else None
        if isinstance(reason, ReadTimeoutError):  # urllib3 wraps a read timeout once retries are spent
            return self._read_timeout(url, what)
        why = "the connection was refused" if "refused" in str(err).lower() else "the connection failed"
        return ServiceError.one(
            f"could not {what}: {why} at {_safe(url)} (after {self.config.retries} retries); "
            "is the store running, and is the address right?"
        )


def _safe(url: str) -> str:
    """A URL with any user:password part removed, fit for a message."""
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc, query=""))


def _credentials(config: StoreConfig):
    import requests.auth
    from requests.utils import get_netrc_auth

    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if not (user and password):
        found = get_netrc_auth(config.endpoint)
        if not found:
            return None
        user, password = found
    if config.auth == "digest":
        return requests.auth.HTTPDigestAuth(user, password)
    return requests.auth.HTTPBasicAuth(user, password)


# -- chunks of N-Triples ------------------------------------------------------------------------


def ntriples_chunks(lines: Iterable[bytes], size: int) -> Iterator[tuple[bytes, int]]:
    """Group N-Triples lines into chunks of at most ``size`` triples: (bytes, triple count)."""
    batch: list[bytes] = []
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(b"#"):
            continue
        batch.append(stripped + b"\n")
        if len(batch) >= size:
            yield b"".join(batch), len(batch)
            batch = []
    if batch:
        yield b"".join(batch), len(batch)


def file_chunks(path: Path, size: int) -> Iterator[tuple[bytes, int]]:
    """Stream an N-Triples file in chunks: memory is bounded by the chunk, not the file."""
    if path.suffix != ".nt":
        raise InputError.one(f"--file takes an N-Triples file (.nt), such as dist/ketagraph.nt; got '{path}'")
    if not path.is_file():
        raise InputError.one(f"file '{path}' does not exist; run `ketagraph build` first")
    with path.open("rb") as fh:
        yield from ntriples_chunks(fh, size)


# -- loading --------------------------------------------------------------------------------------


def load_graph(
    store: SparqlStore,
    chunks: Iterable[tuple[bytes, int]],
    *,
    graph: str,
    method: str = "gsp",
    progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """Replace named graph ``graph`` with the chunks' triples, atomically; see the module docstring."""
    if method not in ("gsp", "update"):
        raise InputError.one(f"unknown --method '{method}'; choose gsp or update")
    staging = f"urn:ketagraph:staging:{uuid.uuid4()}"
    total = n_chunks = 0
    try:
        for body, count in chunks:
            if method == "gsp":
                store.gsp_write(staging, body, replace=n_chunks == 0)
            else:
                text = body.decode("utf-8")
                store.update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{text}}} }}", what="insert triples")
            total += count
            n_chunks += 1
            if progress:
                progress(total)
        staged = store.ask_count(staging)
        if staged != total:
            raise ServiceError.one(
                f"the store holds {staged} triples in the staging graph but {total} were sent; nothing was replaced"
            )
        store.update(f"MOVE SILENT <{staging}> TO <{graph}>", what="replace the target graph")
    except BaseException:
        _drop_quietly(store, staging)
        raise
    loaded = store.ask_count(graph)
    if loaded != total:
        raise ServiceError.one(f"after loading, graph <{graph}> holds {loaded} triples; {total} were expected")
    return LoadResult(graph, total, n_chunks, method)


def _drop_quietly(store: SparqlStore, staging: str) -> None:
    """Remove a half-written staging graph if the store still answers; it is never the target."""
    with contextlib.suppress(ServiceError):
        store.update(f"DROP SILENT GRAPH <{staging}>", what="remove the staging graph")
