"""``ketagraph load``: put the graph into a named graph of any SPARQL 1.1 store, and prove it is there.

The triples go first into a fresh staging graph (Graph Store Protocol PUT/POST, or SPARQL
Update ``INSERT DATA``), in bounded chunks, so memory is bounded by the chunk, not the graph.
While the chunks stream out, a :class:`Fingerprint` of what was sent is summed up. The staging
graph is then read back (a streamed ``CONSTRUCT``) and must match by content; only then is it
moved onto the target with one ``MOVE`` (no ``SILENT``: a refused MOVE is an error), and the
target is read back and must match too. So ``load`` succeeds only when the target holds exactly
the release, whatever the store acknowledged; on any failure the staging graph is dropped,
and the message says what the store did and what the target holds.

With ``quads``, each of the release's named graphs (each voice's statements, the curators'
description) is replaced the same way, one after the other, each verified on its own.

Staging graphs are named ``urn:ketagraph:staging:<UTC time>:<random>``. A load lists the ones
an earlier load left (a crash, a dead connection) and reports their age; it removes them only
when asked (``drop_stale_staging``), since one may belong to a load running at this moment.

Credentials come from ``KETAGRAPH_STORE_USER``/``KETAGRAPH_STORE_PASSWORD``, ``~/.netrc`` or
the URL; they are never printed or logged. Connection errors and 5xx answers are retried with
backoff, except the ``MOVE``, which is not idempotent.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

from ..errors import InputError, Problem, ServiceError

if TYPE_CHECKING:
    import requests

__all__ = [
    "DEFAULT_GRAPH",
    "STAGING_PREFIX",
    "Fingerprint",
    "LoadResult",
    "SparqlStore",
    "StagingGraph",
    "StoreConfig",
    "check_iri",
    "check_url",
    "file_chunks",
    "load",
    "load_graph",
    "ntriples_chunks",
    "quad_graphs",
]

USER_ENV = "KETAGRAPH_STORE_USER"
PASSWORD_ENV = "KETAGRAPH_STORE_PASSWORD"
DEFAULT_GRAPH = "https://w3id.org/ketagraph/graph"
STAGING_PREFIX = "urn:ketagraph:staging:"
_STAMP = "%Y%m%dT%H%M%SZ"

PathLike = str | Path


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
class StagingGraph:
    """A staging graph found in the store: its IRI and, from its name, when its load began."""

    iri: str
    created: datetime | None

    @classmethod
    def named(cls, iri: str) -> StagingGraph:
        stamp = iri.removeprefix(STAGING_PREFIX).split(":", 1)[0]
        try:
            created = datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
        except ValueError:  # an older name (a bare UUID): the age is unknown
            created = None
        return cls(iri, created)

    def age(self, now: datetime | None = None) -> str:
        """How long ago its load began, in words: ``3 h``, ``2 days``, or ``unknown age``."""
        if self.created is None:
            return "unknown age"
        seconds = max(0, int(((now or datetime.now(UTC)) - self.created).total_seconds()))
        for unit, size in (("days", 86400), ("h", 3600), ("min", 60)):
            if seconds >= size:
                return f"{seconds // size} {unit}"
        return f"{seconds} s"


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What a load did: the graph it replaced, verified to hold exactly the triples sent.

    With ``quads``, ``graphs`` lists every named graph replaced with its triples (``graph`` is the
    first of them) and the counts are the sums.
    """

    graph: str
    triples: int
    chunks: int
    method: str
    blank_node_triples: int = 0  # of ``triples``: compared by count only (stores relabel blank nodes)
    stale_staging: tuple[StagingGraph, ...] = ()  # staging graphs of other loads, left in the store
    dropped_staging: tuple[StagingGraph, ...] = ()  # the same, removed on request (drop_stale_staging)
    graphs: tuple[tuple[str, int], ...] = ()  # with quads: (named graph, triples) of each graph replaced


# -- what a graph holds: an order-independent fingerprint ---------------------------------------

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = frozenset(
    _XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)
_DATETIMES = frozenset((_XSD + "dateTime", _XSD + "dateTimeStamp"))
_ZONED = frozenset(_XSD + t for t in ("date", "time", "gYear", "gYearMonth", "gMonthDay", "gMonth", "gDay"))


_DECIMAL = _XSD + "decimal"
_NUMBERS = _INTEGERS | {_DECIMAL, _XSD + "double", _XSD + "float"}
_RESPELLED = _NUMBERS | _DATETIMES | _ZONED | {_XSD + "boolean"}  # what _canonical_literal may change


def _canonical_literal(value: str, datatype: str) -> tuple[str, str] | None:
    """The canonical (lexical form, datatype) of a literal whose spelling or type stores change; else None.

    Stores keep the value of a typed literal, not its spelling, and Virtuoso not even its numeric
    type: Oxigraph answers ``"01"^^xsd:integer`` as ``"1"``, ``"1.50"^^xsd:decimal`` as ``"1.5"``
    and ``"1.0E0"^^xsd:double`` as ``"1"``; Virtuoso 7 stores ``"25"^^xsd:decimal`` sent by SPARQL
    Update as ``"25"^^xsd:integer``, and ``"1.0E0"^^xsd:double`` as an integer, and answers
    dateTimes as instants. So both sides are compared after these normalisations:

    - every number (xsd:integer and its derived types, decimal, double, float) becomes its exact
      value as an xsd:decimal without exponent or trailing zeros, a float rounded to 32 bits
      first: numbers compare by value, as SPARQL ``=`` does;
    - a boolean ``1``/``0`` becomes ``true``/``false``;
    - a dateTime with a time zone becomes the same instant in UTC (``Z``), with fractional seconds
      without trailing zeros; other date/time types get ``Z`` for ``+00:00``/``-00:00``.

    Language tags are lower-cased by the parser, and ``xsd:string`` is the plain literal in RDF
    1.1, so both are already canonical. A value that does not parse keeps its spelling. Virtuoso
    also stores booleans as integers: that is a different value, and is reported as a difference.
    """
    text = value.strip()
    try:
        if datatype in _NUMBERS:
            if datatype in _INTEGERS or datatype == _DECIMAL:
                number = Decimal(text)
            else:
                import struct

                double = float(text)
                if datatype == _XSD + "float":
                    double = struct.unpack("f", struct.pack("f", double))[0]
                number = Decimal(double)
            if number.is_zero():
                return "0", _DECIMAL
            return (format(number.normalize(), "f") if number.is_finite() else str(number)), _DECIMAL
        if datatype == _XSD + "boolean":
            return {"1": "true", "0": "false"}.get(text, text), datatype
        if datatype in _DATETIMES:
            moment = datetime.fromisoformat(text)
            zoned = moment.tzinfo is not None
            if zoned:
                moment = moment.astimezone(UTC)
            fraction = f".{moment.microsecond:06d}".rstrip("0") if moment.microsecond else ""
            return (
                f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T"
                f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}{fraction}{'Z' if zoned else ''}"
            ), datatype
        if datatype in _ZONED:
            return re.sub(r"[+-]00:00$", "Z", text), datatype
    except (ValueError, InvalidOperation, OverflowError, ArithmeticError):
        return None
    return None


@dataclass(slots=True)
class Fingerprint:
    """What a graph holds, independent of order and spelling: the count of its triples, and the
    sum (mod 2**256) of the sha256 of each triple's canonical N-Triples line.

    Blank nodes are relabelled by every store, so a triple with a blank node is counted
    (``blank``) but not hashed: such triples are compared by count only. Each triple counts once
    per time it is read: a file that repeats a triple does not match the store, which holds it once.
    """

    triples: int = 0
    blank: int = 0
    digest: int = 0

    def add_quads(self, quads: Iterable) -> None:
        import pyoxigraph as ox

        blank, literal, named = ox.BlankNode, ox.Literal, ox.NamedNode
        sha256, from_bytes = hashlib.sha256, int.from_bytes
        digest, triples, blanks = self.digest, self.triples, self.blank
        for quad in quads:  # the hot loop of a load: each triple of the graph, three times
            triples += 1
            o = quad.object
            if type(o) is blank or type(quad.subject) is blank:
                blanks += 1
                continue
            line = str(quad)  # "<s> <p> <o>": parsed N-Triples or Turtle is in the default graph
            if type(o) is literal and o.language is None:
                datatype = o.datatype.value
                if datatype in _RESPELLED:
                    canonical = _canonical_literal(o.value, datatype)
                    if canonical is not None and canonical != (o.value, datatype):
                        o = literal(canonical[0], datatype=named(canonical[1]))
                        line = f"{quad.subject} {quad.predicate} {o}"
            digest += from_bytes(sha256(line.encode()).digest(), "big")
        self.digest, self.triples, self.blank = digest % 2**256, triples, blanks

    def add_ntriples(self, body: bytes | IO[bytes], source: str) -> None:
        """Add the triples of N-Triples ``body``, one a line; an error names ``source`` and the
        triple, counted from the first added to this fingerprint (blank lines and comments left out)."""
        import pyoxigraph as ox

        first = self.triples
        try:
            self.add_quads(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as err:
            where = f" at triple {first + err.lineno:,}" if err.lineno else ""
            raise InputError.one(f"{source} is not valid N-Triples{where}: {err.msg}") from None

    def differs(self, other: Fingerprint) -> str:
        """How ``other`` (what the store holds) differs from this one (what was sent), in words."""
        if other.triples != self.triples:
            return f"it holds {other.triples:,} triples, {self.triples:,} were sent"
        if other.blank != self.blank:
            return f"it holds {other.blank:,} triples with blank nodes, {self.blank:,} were sent"
        return f"it holds {other.triples:,} triples, as many as were sent, but their content differs"


# -- the store ------------------------------------------------------------------------------------


class SparqlStore:
    """A SPARQL 1.1 store over HTTP: query, update and the Graph Store Protocol."""

    def __init__(self, config: StoreConfig) -> None:
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        self.config = config
        self.update_url = config.update_endpoint or config.derived("update")
        self.gsp_url = config.gsp_endpoint or config.derived("store")
        auth, self._secrets = _credentials(config)
        self.sent_credentials = bool(self._secrets)
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
        self.session = requests.Session()
        self.once = requests.Session()  # no retries: for MOVE, which must not run twice
        for session, adapter in ((self.session, HTTPAdapter(max_retries=retry)), (self.once, HTTPAdapter())):
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            session.auth = auth

    # -- the three protocols ---------------------------------------------------------------------

    def select(self, query: str, what: str) -> list[dict]:
        resp = self._request(
            "POST",
            self.config.endpoint,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            what=what,
        )
        try:
            return resp.json()["results"]["bindings"]
        except (ValueError, KeyError, TypeError) as err:
            raise ServiceError.one(
                f"could not {what}: the answer of {_safe(self.config.endpoint)} is not SPARQL JSON results ({err})"
            ) from None

    def ask_count(self, graph: str) -> int:
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", "count the triples")
        try:
            return int(rows[0]["n"]["value"])
        except (ValueError, KeyError, IndexError, TypeError) as err:
            raise ServiceError.one(f"the store's answer to a COUNT query could not be read ({err})") from None

    def staging_graphs(self) -> list[StagingGraph]:
        """Every staging graph in the store (named ``urn:ketagraph:staging:…``), oldest first."""
        rows = self.select(
            f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{STAGING_PREFIX}")) }}',
            "list the staging graphs left by earlier loads",
        )
        found = [StagingGraph.named(row["g"]["value"]) for row in rows if "g" in row]
        return sorted(found, key=lambda g: (g.created or datetime.min.replace(tzinfo=UTC), g.iri))

    def fingerprint(self, graph: str, count: int) -> Fingerprint:
        """Read ``graph`` back (a streamed CONSTRUCT) into a fingerprint. ``count`` is the store's own
        COUNT of it: when one answer holds fewer triples (a cap on result rows, such as Virtuoso's
        ResultSetMaxRows of 10,000), the graph is read again in pages of that size, in a fixed order.
        A page that repeats or skips a triple makes the fingerprint differ: a false alarm, never a
        false success, since the sum matches only if every triple sent came back."""
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}"
        whole = self._construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", graph)
        if whole.triples >= count:
            return whole
        if whole.triples == 0:
            raise ServiceError.one(
                f"could not read back graph <{graph}>: the store counts {count:,} triples in it, but its CONSTRUCT "
                "answer held none, so what it holds cannot be checked"
            )
        page, offset, paged = whole.triples, 0, Fingerprint()
        while True:
            got = self._construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT ?s ?p ?o WHERE {{ {where} }} ORDER BY ?s ?p ?o }} }} "
                f"LIMIT {page} OFFSET {offset}",
                graph,
            )
            paged.triples, paged.blank = paged.triples + got.triples, paged.blank + got.blank
            paged.digest = (paged.digest + got.digest) % 2**256
            offset += page
            if got.triples < page or offset >= count:
                return paged

    def _construct(self, query: str, graph: str) -> Fingerprint:
        import pyoxigraph as ox
        import requests
        import urllib3

        what = f"read back graph <{graph}>"
        resp = self._request(
            "POST",
            self.config.endpoint,
            data={"query": query},
            headers={"Accept": "application/n-triples, text/turtle;q=0.5"},
            what=what,
            stream=True,
        )
        with resp:
            media = resp.headers.get("Content-Type", "")
            fmt = ox.RdfFormat.from_media_type(media) if media else None
            if fmt is None or fmt.supports_datasets:
                raise ServiceError.one(
                    f"could not {what}: {_safe(self.config.endpoint)} answered CONSTRUCT as '{media}', not N-Triples or Turtle"
                )
            resp.raw.decode_content = True
            found = Fingerprint()
            try:
                found.add_quads(ox.parse(resp.raw, format=fmt))
            except SyntaxError as err:
                raise ServiceError.one(f"could not {what}: the store's answer is not valid {fmt.name}: {err}") from None
            except (OSError, requests.exceptions.RequestException, urllib3.exceptions.HTTPError):
                raise ServiceError.one(
                    f"could not {what}: the connection to {_safe(self.config.endpoint)} broke during the answer"
                ) from None
        return found

    def update(self, text: str, what: str, *, retry: bool = True) -> None:
        self._request("POST", self.update_url, data={"update": text}, what=what, retry=retry)

    def gsp_write(self, graph: str, body: bytes, *, replace: bool) -> None:
        self._request(
            "PUT" if replace else "POST",
            self.gsp_url,
            params={self.config.gsp_param: graph},
            data=body,
            headers={"Content-Type": "text/turtle; charset=utf-8"},  # N-Triples is Turtle
            what="write triples through the Graph Store Protocol",
        )

    def _request(self, method: str, url: str, *, what: str, retry: bool = True, **kwargs) -> requests.Response:
        import requests

        timeout = (self.config.connect_timeout, self.config.read_timeout)
        session = self.session if retry else self.once
        try:
            resp = session.request(method, url, timeout=timeout, **kwargs)
        except requests.exceptions.ConnectTimeout:  # pragma: no cover - needs an unroutable address
            raise ServiceError.one(
                f"could not {what}: connecting to {_safe(url)} timed out after {self.config.connect_timeout:g} s; "
                "check the address and that the store is running"
            ) from None
        except requests.exceptions.ReadTimeout:
            raise self._read_timeout(url, what) from None
        except requests.exceptions.ConnectionError as err:
            raise self._connection_problem(err, url, what, retry) from None
        except requests.exceptions.RequestException as err:  # e.g. too many redirects; never the URL itself
            raise ServiceError.one(
                f"could not {what}: the request to {_safe(url)} failed ({type(err).__name__})"
            ) from None
        if resp.status_code == 401:
            resp.close()
            hint = f"set {USER_ENV} and {PASSWORD_ENV}, or add the host to ~/.netrc"
            if not self.sent_credentials:
                raise ServiceError.one(f"could not {what}: {_safe(url)} asks for credentials (HTTP 401); {hint}")
            raise ServiceError.one(
                f"could not {what}: {_safe(url)} refused the credentials (HTTP 401); check {hint}"
                + ("" if self.config.auth == "digest" else ", and try --auth digest if the store uses it")
            )
        if resp.status_code == 403:
            detail = self._detail(resp)
            raise ServiceError.one(
                f"could not {what}: {_safe(url)} refused this operation (HTTP 403 Forbidden{detail}): the store is "
                "read-only, or the account may not write to it; load into a writable store (`ketagraph serve "
                "--writable`, `oxigraph serve`), or use an account with write permission"
            )
        if resp.status_code >= 400:
            detail = self._detail(resp)
            raise ServiceError.one(f"could not {what}: {_safe(url)} answered HTTP {resp.status_code}{detail}")
        return resp

    def _detail(self, resp: requests.Response) -> str:
        """The first line of an error answer, without any credential the store might echo."""
        with resp:
            first = (resp.text or "").strip().splitlines()[:1]
        if not first:
            return ""
        line = first[0][:200]
        for secret in self._secrets:
            line = line.replace(secret, "***")
        return f": {line}"

    def _read_timeout(self, url: str, what: str) -> ServiceError:
        return ServiceError.one(
            f"could not {what}: {_safe(url)} did not answer within {self.config.read_timeout:g} s; "
            "the store may be overloaded, or raise --timeout"
        )

    def _connection_problem(self, err: Exception, url: str, what: str, retried: bool) -> ServiceError:
        from urllib3.exceptions import ReadTimeoutError

        reason = getattr(err.args[0], "reason", None) if err.args else None
        if isinstance(reason, ReadTimeoutError):  # urllib3 wraps a read timeout once retries are spent
            return self._read_timeout(url, what)
        why = "the connection was refused" if "refused" in str(err).lower() else "the connection failed"
        tries = f" (after {self.config.retries} retries)" if retried else ""
        return ServiceError.one(
            f"could not {what}: {why} at {_safe(url)}{tries}; is the store running, and is the address right?"
        )


def _safe(url: str) -> str:
    """A URL with any user:password part removed, fit for a message."""
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    with contextlib.suppress(ValueError):
        if parts.port:
            netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc, query=""))


def _credentials(config: StoreConfig) -> tuple[object | None, tuple[str, ...]]:
    """The requests auth for the store, and every password in play (to keep out of messages)."""
    import requests.auth
    from requests.utils import get_netrc_auth

    in_url = [
        unquote(p)
        for u in (config.endpoint, config.update_endpoint, config.gsp_endpoint)
        if u
        for p in [urlsplit(u).password]
        if p
    ]
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if not (user and password):
        found = get_netrc_auth(config.endpoint)
        if not found:
            return None, tuple(in_url)  # requests takes user:password@ from the URL itself
        user, password = found
    secrets = (password, *in_url)
    if config.auth == "digest":
        return requests.auth.HTTPDigestAuth(user, password), secrets
    return requests.auth.HTTPBasicAuth(user, password), secrets


# -- checking options before anything reaches the store ------------------------------------------

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\\x7f]+")


def check_url(url: str, option: str) -> str:
    """``url`` if it is a full http(s) URL; else an InputError naming ``option`` (never a password)."""
    shown = url if "@" not in url else "…@" + url.rsplit("@", 1)[1]
    problem = None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError:
        problem = "is not a valid URL"
    else:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problem = "is not a full URL"
        elif any(c.isspace() for c in url):
            problem = "holds a space"
    if problem:
        raise InputError.one(
            f"{option} '{shown}' {problem}; give a full URL such as http://127.0.0.1:7878/query "
            "(the scheme http:// or https://, the host, the port and the path)"
        )
    return url


def check_iri(iri: str, option: str = "--graph") -> str:
    """``iri`` if it is an absolute IRI that is not a staging graph's; else an InputError."""
    if not _IRI.fullmatch(iri):
        raise InputError.one(
            f"{option} '{iri}' is not an absolute IRI: it needs a scheme (such as https:) and no spaces or "
            '<>"{}|^`\\ characters; for example https://w3id.org/ketagraph/graph'
        )
    if iri.startswith(STAGING_PREFIX):
        raise InputError.one(f"{option} '{iri}' is a staging graph's name ({STAGING_PREFIX}…); choose another graph")
    return iri


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


def _check_file(path: Path) -> Path:
    if path.suffix != ".nt":
        raise InputError.one(f"--file takes an N-Triples file (.nt), such as dist/ketagraph.nt; got '{path}'")
    if not path.is_file():
        raise InputError.one(f"file '{path}' does not exist; run `ketagraph build` first")
    return path


def file_chunks(path: Path, size: int) -> Iterator[tuple[bytes, int]]:
    """Stream an N-Triples file in chunks: memory is bounded by the chunk, not the file."""
    _check_file(path)
    with path.open("rb") as fh:
        yield from ntriples_chunks(fh, size)


def quad_graphs(data: PathLike = "data", file: PathLike | None = None) -> list[tuple[str, bytes]]:
    """The release's named graphs, in IRI order, each as (IRI, N-Triples): of the data, or of an
    N-Quads ``file`` such as ``dist/ketagraph.nq``, which must hold no triple in the default graph."""
    import pyoxigraph as ox

    if file is None:
        from ..reading.pipeline import read_data

        quads = read_data(Path(data)).quads
    else:
        path = Path(file)
        if path.suffix != ".nq":
            raise InputError.one(
                f"--quads with --file takes an N-Quads file (.nq), such as dist/ketagraph.nq; got '{path}'"
            )
        if not path.is_file():
            raise InputError.one(f"file '{path}' does not exist; run `ketagraph build` first")
        try:
            quads = list(ox.parse(path=path, format=ox.RdfFormat.N_QUADS))
        except SyntaxError as err:
            raise InputError.one(f"'{path}' is not valid N-Quads: {err}") from None
    groups: dict[str, list] = {}
    default = 0
    for q in quads:
        if isinstance(q.graph_name, ox.DefaultGraph):
            default += 1
        else:
            groups.setdefault(q.graph_name.value, []).append(ox.Triple(q.subject, q.predicate, q.object))
    if not groups and not default:
        raise InputError.one(f"'{file}' holds no triples; nothing was loaded")
    if default:
        raise InputError.one(
            f"{default:,} triples of '{file}' are in the default graph, which --quads cannot replace; "
            "load a release built by this version of ketagraph, or load without --quads"
        )
    return [(g, ox.serialize(groups[g], format=ox.RdfFormat.N_TRIPLES)) for g in sorted(groups)]


# -- loading --------------------------------------------------------------------------------------


def load(
    *,
    endpoint: str,
    graph: str = DEFAULT_GRAPH,
    data: PathLike = "data",
    file: PathLike | None = None,
    method: str = "gsp",
    update_endpoint: str | None = None,
    gsp_endpoint: str | None = None,
    gsp_param: str = "graph",
    auth: str = "basic",
    timeout: float = 60.0,
    retries: int = 2,
    chunk_size: int = 50_000,
    drop_stale_staging: bool = False,
    progress: Callable[[int], None] | None = None,
    quads: bool = False,
) -> LoadResult:
    """``ketagraph load``: replace named graph ``graph`` of the store at ``endpoint`` with the graph
    of ``data`` (or N-Triples ``file``), verified by content; see the module docstring. With
    ``quads``, replace each of the release's named graphs instead (``file``: N-Quads).

    Every option is checked before a request is sent (InputError); a store that fails, refuses
    or does not end up holding exactly the release raises ServiceError.
    """
    check_url(endpoint, "--endpoint")
    for url, option in ((update_endpoint, "--update-endpoint"), (gsp_endpoint, "--gsp-endpoint")):
        if url is not None:
            check_url(url, option)
    check_iri(graph)
    if method not in ("gsp", "update"):
        raise InputError.one(f"unknown method '{method}'; choose gsp or update")
    if auth not in ("basic", "digest"):
        raise InputError.one(f"unknown auth scheme '{auth}'; choose basic or digest")
    if chunk_size < 1 or timeout <= 0 or retries < 0:
        raise InputError.one("--chunk-size must be at least 1, --timeout above 0 and --retries 0 or more")
    if quads and graph != DEFAULT_GRAPH:
        raise InputError.one("--quads replaces the release's own named graphs; leave out --graph")
    if quads:
        chunks = None
        named = quad_graphs(data, file)
    elif file is not None:
        chunks = file_chunks(_check_file(Path(file)), chunk_size)
    else:
        from ..reading.pipeline import read_data
        from ..release.export import serialize

        chunks = ntriples_chunks(serialize(read_data(Path(data)), "nt").splitlines(), chunk_size)
    config = StoreConfig(
        endpoint=endpoint,
        update_endpoint=update_endpoint,
        gsp_endpoint=gsp_endpoint,
        gsp_param=gsp_param,
        auth=auth,
        read_timeout=timeout,
        retries=retries,
    )
    source = f"'{file}'" if file is not None else "the data"
    if chunks is not None:
        return load_graph(
            SparqlStore(config),
            chunks,
            graph=graph,
            method=method,
            progress=progress,
            drop_stale_staging=drop_stale_staging,
            source=source,
        )
    return _load_named(SparqlStore(config), named, chunk_size, method, progress, drop_stale_staging, source)


def _load_named(
    store: SparqlStore,
    named: list[tuple[str, bytes]],
    chunk_size: int,
    method: str,
    progress: Callable[[int], None] | None,
    drop_stale_staging: bool,
    source: str,
) -> LoadResult:
    """Replace each named graph in turn with :func:`load_graph`; the first failure stops the load
    and says which graphs were already replaced."""
    done: list[LoadResult] = []
    for i, (graph, body) in enumerate(named):
        offset = sum(r.triples for r in done)
        try:
            done.append(
                load_graph(
                    store,
                    ntriples_chunks(body.splitlines(), chunk_size),
                    graph=graph,
                    method=method,
                    progress=(lambda n, offset=offset: progress(offset + n)) if progress else None,
                    drop_stale_staging=drop_stale_staging and i == 0,
                    source=f"the graph <{graph}> of {source}",
                )
            )
        except (ServiceError, InputError) as err:
            replaced = ", ".join(f"<{r.graph}>" for r in done) or "none"
            _add_note(err, f"named graphs replaced before this one: {replaced}; the others were left as they were")
            raise
    first, last = done[0], done[-1]
    return LoadResult(
        first.graph,
        sum(r.triples for r in done),
        sum(r.chunks for r in done),
        method,
        sum(r.blank_node_triples for r in done),
        last.stale_staging,
        first.dropped_staging,
        tuple((r.graph, r.triples) for r in done),
    )


def load_graph(
    store: SparqlStore,
    chunks: Iterable[tuple[bytes, int]],
    *,
    graph: str,
    method: str = "gsp",
    progress: Callable[[int], None] | None = None,
    drop_stale_staging: bool = False,
    source: str = "the triples",
) -> LoadResult:
    """Replace named graph ``graph`` with the chunks' triples, verified by content; see the module docstring."""
    if method not in ("gsp", "update"):
        raise InputError.one(f"unknown method '{method}'; choose gsp or update")
    before = store.ask_count(graph)
    stale = tuple(store.staging_graphs())
    dropped: tuple[StagingGraph, ...] = ()
    if stale and drop_stale_staging:
        for old in stale:
            store.update(f"DROP SILENT GRAPH <{old.iri}>", what=f"remove the stale staging graph <{old.iri}>")
        left = {g.iri for g in store.staging_graphs()}  # DROP SILENT says nothing: look
        dropped = tuple(g for g in stale if g.iri not in left)
        stale = tuple(g for g in stale if g.iri in left)
    staging = f"{STAGING_PREFIX}{datetime.now(UTC).strftime(_STAMP)}:{uuid.uuid4().hex}"
    sent = Fingerprint()
    n_chunks = 0
    written = False
    try:
        for body, _count in chunks:
            sent.add_ntriples(body, source)  # before sending: a malformed chunk never reaches the store
            written = True
            if method == "gsp":
                store.gsp_write(staging, body, replace=n_chunks == 0)
            else:
                text = body.decode("utf-8")
                store.update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{text}}} }}", what="insert triples")
            n_chunks += 1
            if progress:
                progress(sent.triples)
        if not sent.triples:
            raise InputError.one(f"{source} holds no triples; nothing was loaded and <{graph}> was left as it was")
        staged_count = store.ask_count(staging)
        staged = store.fingerprint(staging, staged_count) if staged_count == sent.triples else None
        if staged is None or staged != sent:
            why = (
                f"it holds {staged_count:,} triples, {sent.triples:,} were sent"
                if staged is None
                else sent.differs(staged)
            )
            if staged_count < sent.triples and source != "the data":
                why += f" (also what a store answers when {source} repeats a triple: a graph holds each once)"
            raise ServiceError.one(
                f"the store did not keep the triples as sent: in the staging graph {why}; "
                f"nothing was moved, and <{graph}> was left as it was ({before:,} triples)"
            )
        try:
            store.update(f"MOVE <{staging}> TO <{graph}>", what=f"move the staging graph onto <{graph}>", retry=False)
        except ServiceError as err:
            _add_note(err, _target_state(store, graph, before))
            raise
        _verify_target(store, graph, staging, sent, before)
    except BaseException as err:
        if written:
            _drop_staging(store, staging, err)
        raise
    return LoadResult(graph, sent.triples, n_chunks, method, sent.blank, stale, dropped)


def _verify_target(store: SparqlStore, graph: str, staging: str, sent: Fingerprint, before: int) -> None:
    """After MOVE: the target must hold exactly what was sent, and the staging graph be gone."""
    count = store.ask_count(graph)
    held = store.fingerprint(graph, count)
    left = store.ask_count(staging)
    if held == sent and count == sent.triples:
        if left:  # the store copied rather than moved: the target is right, remove the copy
            store.update(f"DROP SILENT GRAPH <{staging}>", what="remove the staging graph")
        return
    if left:
        what = (
            "the store acknowledged MOVE but did not apply it: the staging graph is still there "
            "(some stores, e.g. Jena 4.5, cannot MOVE from a named graph, and others ignore it silently)"
        )
    else:
        what = "the store acknowledged MOVE and removed the staging graph, but the target did not receive it as sent"
    state = (
        f"<{graph}> still holds its previous {count:,} triples"
        if left and count == before
        else f"<{graph}> now holds {count:,} triples (before the load: {before:,})"
    )
    raise ServiceError.one(
        f"after MOVE the target graph does not hold the release: {sent.differs(held)}; {what}. {state}, "
        "which is not the release: load again, or into another store"
    )


def _target_state(store: SparqlStore, graph: str, before: int) -> str:
    """What the target holds after a failed MOVE, in words, as far as the store still answers."""
    try:
        now = store.ask_count(graph)
    except ServiceError:
        return f"what <{graph}> holds now could not be read (before the load: {before:,} triples)"
    if now == before:
        return f"<{graph}> holds {now:,} triples, as before the load"
    return f"<{graph}> now holds {now:,} triples (before the load: {before:,}); it is not the release"


def _drop_staging(store: SparqlStore, staging: str, err: BaseException) -> None:
    """Remove this load's staging graph (never the target); say so on ``err`` if it may remain."""
    try:
        store.update(f"DROP SILENT GRAPH <{staging}>", what="remove the staging graph")
        remains = store.ask_count(staging) > 0  # DROP SILENT says nothing: look
    except ServiceError:
        remains = True
    if remains and isinstance(err, ServiceError | InputError):
        _add_note(
            err,
            f"the staging graph <{staging}> could not be removed; the next `ketagraph load --drop-stale-staging` removes it",
        )


def _add_note(err: ServiceError | InputError, note: str) -> None:
    """Add ``note`` to the last problem of ``err``: one error, one message."""
    last = err.problems[-1] if err.problems else Problem("")
    err.problems[-1:] = [Problem(f"{last.message}; {note}" if last.message else note, last.loc)]
