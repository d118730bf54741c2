"""``ketagraph serve``: the graph behind a real SPARQL endpoint, for any SPARQL client.

Runs the Oxigraph server (PyPI ``oxigraph``) on a temporary store loaded with the graph's
N-Quads (each voice in its named graph), read-only unless asked otherwise, on 127.0.0.1 unless
``--host`` says otherwise, with ``--union-default-graph``: a query without ``FROM`` or ``GRAPH``
sees the whole graph, as on the embedded store of ``ketagraph query``.

- The address is tried before anything is loaded: a port in use is a :class:`ServiceError`.
- The child runs in its own session, writing to a log in the temporary folder; its errors reach
  the user as one line, never as a Rust backtrace.
- SIGINT (Ctrl-C), SIGTERM and SIGHUP all request the same stop: the child's process group is
  stopped, the temporary folder removed, and :func:`serve` returns 0. A child that dies on its
  own is a :class:`ServiceError`; the folder is removed then too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, KetagraphError, ServiceError

if TYPE_CHECKING:
    from types import FrameType

    from ..reading.graph import Built

__all__ = ["StopSignals", "check_port", "listen_error", "oxigraph_command", "serve"]

_LISTENING = "Listening for requests at"  # what oxigraph prints once it has bound its address
_IN_USE = re.compile(r"address already in use|os error (98|48)\b", re.IGNORECASE)


def oxigraph_command() -> str:
    path = shutil.which("oxigraph")
    if path is None:
        raise InputError.one("the `oxigraph` server is not installed; `python -m pip install oxigraph` provides it")
    return path


def listen_error(err: OSError, host: str, port: int) -> KetagraphError:
    """The error to show when listening on ``host:port`` failed with ``err``."""
    if isinstance(err, socket.gaierror):
        return InputError.one(f"cannot resolve --host {host} ({err.strerror}); give an address of this machine")
    if err.errno == errno.EADDRINUSE:
        return ServiceError.one(
            f"port {port} on {host} is already in use; choose another --port or stop what is using it"
        )
    if err.errno == errno.EACCES:
        return InputError.one(f"not allowed to listen on port {port} on {host}; choose a --port above 1023")
    if err.errno == errno.EADDRNOTAVAIL:
        return InputError.one(f"{host} is not an address of this machine; give one with --host")
    return InputError.one(f"cannot listen on {host}:{port}: {err.strerror}; choose another --port or --host")


def check_port_number(port: int, *, any_port: bool = False) -> None:
    """Refuse a port number outside 1-65535 (0, any free port, only when ``any_port``)."""
    if port == 0 and not any_port:
        raise InputError.one(
            "--port 0 (any free port) works only with --site; give the SPARQL endpoint a port, such as 7878"
        )
    if not 0 <= port <= 65535:
        raise InputError.one(f"--port {port} is not a port number; give one from 1 to 65535")


def check_port(host: str, port: int) -> None:
    """Raise the error of :func:`listen_error` unless a server could listen on ``host:port`` now.

    Binds (with ``SO_REUSEADDR``, as the server will) each address ``host`` resolves to, in order,
    and stops at the first that works, as the Oxigraph server does.
    """
    check_port_number(port)
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as err:
        raise listen_error(err, host, port) from None
    first: OSError | None = None
    for family, kind, proto, _, address in addresses:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
                return
            except OSError as err:
                first = first or err
    if first is not None:
        raise listen_error(first, host, port) from None


class StopSignals:
    """SIGINT, SIGTERM and SIGHUP, while entered, as one requested stop (sets ``requested``).

    Inside :meth:`interruptible` the first signal also raises :class:`KeyboardInterrupt`, to cut
    a long step short; elsewhere, and for every later signal, it only sets the flag, so cleanup
    is never interrupted. A signal the process was started ignoring (``nohup``) stays ignored.
    Handlers are installed only in the main thread; elsewhere this does nothing.
    """

    SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

    def __init__(self) -> None:
        self.requested = False
        self._interrupting = False
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for sig in self.SIGNALS:
                if signal.getsignal(sig) is not signal.SIG_IGN:
                    self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        self._interrupting = False
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        first = not self.requested
        self.requested = True
        if first and self._interrupting:
            self._interrupting = False
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def interruptible(self) -> Iterator[None]:
        """A block the first stop signal interrupts (with :class:`KeyboardInterrupt`)."""
        if self.requested:
            raise KeyboardInterrupt
        self._interrupting = True
        try:
            yield
        finally:
            self._interrupting = False


def serve(
    built: Built,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    on_ready: Callable[[str], None] | None = None,
    ready_timeout: float = 30.0,
) -> int:
    """Serve until SIGINT, SIGTERM or SIGHUP, then stop the server and return 0.

    Raises :class:`ServiceError` when the port is in use or the server fails or dies; the
    temporary store is removed on every way out.
    """
    from ..release.export.rdf import serialize

    binary = oxigraph_command()
    check_port(host, port)
    try:
        with StopSignals() as stop, tempfile.TemporaryDirectory(prefix="ketagraph-serve-") as tmp:
            data, location, log = Path(tmp) / "graph.nq", Path(tmp) / "store", Path(tmp) / "oxigraph.log"
            with stop.interruptible():
                data.write_bytes(serialize(built, "N_QUADS"))
            loader = _spawn([binary, "load", "--location", str(location), "--file", str(data)], log)
            try:
                if not _wait_while_running(loader, stop):
                    return 0
                if loader.returncode != 0:
                    raise ServiceError.one(f"oxigraph could not load the graph{_detail(log)}")
            finally:
                _stop(loader)
            mode = "serve" if writable else "serve-read-only"
            server = _start_server(binary, mode, location, host, port, log, ready_timeout, stop)
            if server is None:
                return 0
            try:
                if on_ready:
                    on_ready(f"http://{_url_host(host)}:{port}")
                if _wait_while_running(server, stop):
                    raise ServiceError.one(
                        f"the oxigraph server stopped unexpectedly ({_how(server.returncode)}{_detail(log)}); "
                        "the endpoint is gone. Run `ketagraph serve` again"
                    )
                return 0
            finally:
                _stop(server)
    except KeyboardInterrupt:  # from StopSignals.interruptible: a requested stop
        return 0


def _start_server(
    binary: str,
    mode: str,
    location: Path,
    host: str,
    port: int,
    log: Path,
    timeout: float,
    stop: StopSignals,
) -> subprocess.Popen | None:
    """Start ``oxigraph MODE`` on ``host:port`` and wait until it answers (None if a stop came first).

    Ready means the child said it listens, still runs, and answers a query: a probe alone could
    reach another server that took the port first. On failure the child is stopped and the
    error raised (:func:`listen_error`'s when the port was in use).
    """
    log.write_bytes(b"")
    server = _spawn(
        [binary, mode, "--location", str(location), "--bind", f"{host}:{port}", "--union-default-graph"], log
    )
    try:
        probe = f"http://{_url_host(host)}:{port}/query?query=ASK%7B%7D"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if stop.requested:
                _stop(server)
                return None
            if server.poll() is not None:
                text = log.read_text(errors="replace")
                if _IN_USE.search(text):
                    raise listen_error(OSError(errno.EADDRINUSE, os.strerror(errno.EADDRINUSE)), host, port)
                raise ServiceError.one(
                    f"the oxigraph server stopped at start ({_how(server.returncode)}{_detail(log)})"
                )
            if _LISTENING in log.read_text(errors="replace") and _answers(probe) and server.poll() is None:
                return server
            time.sleep(0.1)
        raise ServiceError.one(f"the oxigraph server did not answer within {timeout:g} s{_detail(log, ': ')}")
    except BaseException:
        _stop(server)
        raise


def _spawn(command: list[str], log: Path) -> subprocess.Popen:
    """``command`` in its own session (terminal signals reach only us), its output appended to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _wait_while_running(proc: subprocess.Popen, stop: StopSignals) -> bool:
    """Wait until ``proc`` exits (True) or a stop is requested (False)."""
    while not stop.requested:
        try:
            proc.wait(timeout=0.2)
            return True
        except subprocess.TimeoutExpired:
            continue
    return False


def _stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop ``proc``'s process group: SIGTERM, then SIGKILL after ``grace`` seconds; reap ``proc``."""
    if proc.poll() is None:
        _signal_group(proc, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    _signal_group(proc, getattr(signal, "SIGKILL", signal.SIGTERM))  # whatever of the group is left
    proc.wait()


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    """``sig`` to ``proc``'s group (it leads its own session, so the group id is its pid), else to ``proc``."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            try:
                os.killpg(proc.pid, sig)
                return
            except (ProcessLookupError, PermissionError):
                pass
        if proc.poll() is None:
            proc.send_signal(sig)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except (urllib.error.URLError, OSError):
        return False


def _how(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit status {returncode}"


def _reason(log: Path) -> str:
    """The one line of the child's log that says what went wrong, without the Rust backtrace."""
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return ""
    lines = [
        line.strip()
        for line in text.split("Stack backtrace:", 1)[0].splitlines()
        if line.strip() and not line.startswith((_LISTENING, "note:"))
    ]
    errors = [line.removeprefix("Error:").strip() for line in lines if line.startswith("Error:")]
    return (errors[-1] if errors else lines[-1] if lines else "")[:300]


def _detail(log: Path, sep: str = ": ") -> str:
    reason = _reason(log)
    return f"{sep}{reason}" if reason else ""


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
