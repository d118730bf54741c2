"""Real SPARQL servers for the tests, started on 127.0.0.1 and a free port, stopped after.

- :func:`oxigraph_server`: the Oxigraph server from PyPI (``oxigraph serve``).
- :func:`virtuoso_server`: Virtuoso open source from Debian, from a copy of the package's
  ``virtuoso.ini`` whose database, logs and ports all point into a temporary folder.
- :class:`Stub`: a loopback HTTP server for the faults a real store won't produce on demand
  (an answer slower than the timeout, an HTTP 500), and :class:`DroppingProxy`, which forwards
  to a real store and cuts the connection in the middle of the N-th request.
- :class:`InterceptingProxy`: forwards HTTP to a real store, and lets a test answer or rewrite
  chosen requests and answers: a store that acknowledges MOVE without doing it, loses or alters
  a triple, or caps the rows of an answer.
"""

from __future__ import annotations

import contextlib
import http.client
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, timeout: float, proc: subprocess.Popen, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"server exited with {proc.returncode} at start\n{detail}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} not up after {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass
class Server:
    """A running store: where it answers, and how to load into it."""

    name: str
    base: str
    query_url: str
    load_args: list[str]  # extra `ketagraph load` options for this store
    env: dict[str, str] = field(default_factory=dict)  # credentials for `ketagraph load`
    proc: subprocess.Popen | None = None

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)


@contextlib.contextmanager
def oxigraph_server(tmp: Path, *, read_only: bool = False, union_default_graph: bool = False) -> Iterator[Server]:
    """Oxigraph on the database in ``tmp``; ``read_only`` serves it as ``ketagraph serve`` does
    (``oxigraph serve-read-only``, which answers every write with HTTP 403); ``union_default_graph``
    makes a query's default graph the union of the named graphs (``--union-default-graph``)."""
    port = free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    binary = shutil.which("oxigraph")
    assert binary, "the oxigraph server is a dependency of ketagraph; pip install it"
    command = "serve-read-only" if read_only else "serve"
    proc = subprocess.Popen(
        [
            binary,
            command,
            "--location",
            str(tmp / "oxigraph"),
            "--bind",
            f"127.0.0.1:{port}",
            *(["--union-default-graph"] if union_default_graph else []),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(f"{base}/query?query=ASK%7B%7D", 30, proc)
        yield Server("oxigraph", base, f"{base}/query", ["--endpoint", f"{base}/query"], proc=proc)
    finally:
        stop(proc)


@contextlib.contextmanager
def virtuoso_server(tmp: Path) -> Iterator[Server]:
    binary = shutil.which("virtuoso-t")
    assert binary and VIRTUOSO_INI.is_file(), "Debian's virtuoso-opensource is needed (.ci/run installs it)"
    db = tmp / "virtuoso"
    db.mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = VIRTUOSO_INI.read_text()
    ini = re.sub(r"/var/lib/virtuoso-opensource-7/db/", str(db) + "/", ini)
    ini = re.sub(r"(?m)^(ServerPort\s*=\s*)1111\b", rf"\g<1>{sql_port}", ini)
    ini = re.sub(r"(?m)^(ServerPort\s*=\s*)8890\b", rf"\g<1>127.0.0.1:{http_port}", ini)
    ini = re.sub(r"(?m)^(ServerPort\s*=\s*)127\.0\.0\.1:(\d+)", lambda m: m.group(0), ini)
    ini = re.sub(r"(?m)^(NumberOfBuffers\s*=).*$", r"\1 20000", ini)
    ini = re.sub(r"(?m)^(MaxDirtyBuffers\s*=).*$", r"\1 15000", ini)
    (db / "virtuoso.ini").write_text(ini)
    log = db / "virtuoso.log"
    proc = subprocess.Popen(
        [binary, "-f", "-c", str(db / "virtuoso.ini")],
        cwd=db,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait_http(f"{base}/sparql?query=ASK%7B%7D", 90, proc, log)
        yield Server(
            "virtuoso",
            base,
            f"{base}/sparql",
            [
                "--endpoint",
                f"{base}/sparql",
                "--update-endpoint",
                f"{base}/sparql-auth",
                "--gsp-endpoint",
                f"{base}/sparql-graph-crud-auth",
                "--gsp-param",
                "graph-uri",
                "--auth",
                "digest",
            ],
            env={"KETAGRAPH_STORE_USER": "dba", "KETAGRAPH_STORE_PASSWORD": "dba"},
            proc=proc,
        )
    finally:
        stop(proc)


class Stub:
    """A loopback HTTP server answering every request with ``status`` after ``delay`` seconds."""

    def __init__(self, status: int = 200, delay: float = 0.0, body: bytes = b"") -> None:
        self.requests = 0
        self.log: list[tuple[str, str]] = []  # (method, path) of every request
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                stub.requests += 1
                stub.log.append((self.command, self.path.split("?", 1)[0]))
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                time.sleep(delay)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up waiting
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Stub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class DroppingProxy:
    """Forwards TCP to ``target_port`` until ``budget`` bytes of requests have passed, then dies:
    it cuts every open connection mid-request and refuses new ones, like a store that stopped
    in the middle of a load."""

    def __init__(self, target_port: int, budget: int) -> None:
        self.target_port = target_port
        self.budget = budget
        self.sent = 0
        self.dead = threading.Event()
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while True:
            try:
                client, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self.dead.is_set():
                client.close()
                continue
            threading.Thread(target=self._pipe, args=(client,), daemon=True).start()

    def _die(self) -> None:
        self.dead.set()
        for s in self._open:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def _pipe(self, client: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        with self._lock:
            self._open += [client, upstream]

        def up() -> None:
            with contextlib.suppress(OSError):
                while data := client.recv(65536):
                    with self._lock:
                        self.sent += len(data)
                        over = self.sent > self.budget
                    if over:
                        self._die()
                        return
                    upstream.sendall(data)

        def down() -> None:
            with contextlib.suppress(OSError):
                while data := upstream.recv(65536):
                    client.sendall(data)

        t = threading.Thread(target=down, daemon=True)
        t.start()
        up()
        t.join(timeout=30)

    def __enter__(self) -> DroppingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.sock.close()
        self._die()


@dataclass
class Exchange:
    """One HTTP request or answer passing through an :class:`InterceptingProxy`."""

    method: str
    path: str  # with the query string
    headers: dict[str, str]
    body: bytes
    status: int = 0  # of an answer

    def form(self) -> dict[str, str]:
        """The fields of a form-encoded body (``query=…``, ``update=…``); empty for any other body."""
        if "application/x-www-form-urlencoded" not in self.headers.get("Content-Type", ""):
            return {}
        return {k: v[0] for k, v in urllib.parse.parse_qs(self.body.decode("utf-8")).items()}

    def with_form(self, **fields: str) -> Exchange:
        body = urllib.parse.urlencode({**self.form(), **fields}).encode()
        return Exchange(self.method, self.path, self.headers, body)


Forward = Callable[[Exchange], Exchange]


class InterceptingProxy:
    """An HTTP proxy to a real store at ``target`` (``http://host:port``). ``intercept(request,
    forward)`` returns the answer: ``forward(request)`` is the store's, and the test may answer
    itself, or rewrite the request or the answer. Every request is logged as (method, path, form)."""

    def __init__(self, target: str, intercept: Callable[[Exchange, Forward], Exchange] | None = None) -> None:
        self.target = urllib.parse.urlsplit(target)
        self.intercept = intercept or (lambda request, forward: forward(request))
        self.log: list[tuple[str, str, dict[str, str]]] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                request = Exchange(self.command, self.path, dict(self.headers.items()), self.rfile.read(length))
                proxy.log.append((request.method, request.path.split("?", 1)[0], request.form()))
                answer = proxy.intercept(request, proxy._forward)
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    if name.lower() not in ("content-length", "transfer-encoding", "connection", "keep-alive"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _forward(self, request: Exchange) -> Exchange:
        conn = http.client.HTTPConnection(self.target.hostname, self.target.port, timeout=120)
        try:
            headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
            headers["Accept-Encoding"] = "identity"  # answers stay readable, for tests that rewrite them
            conn.request(request.method, request.path, body=request.body, headers=headers)
            resp = conn.getresponse()
            return Exchange(request.method, request.path, dict(resp.getheaders()), resp.read(), resp.status)
        finally:
            conn.close()

    def __enter__(self) -> InterceptingProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def answer(status: int, body: bytes = b"", content_type: str = "text/plain") -> Exchange:
    """An answer made by the test, not the store."""
    return Exchange("", "", {"Content-Type": content_type}, body, status)
