"""What ``ketagraph serve`` (and ``serve --site``) promise about stopping and ports, with real processes.

Each test runs the real command (``python -m ketagraph serve``) as a child, in its own session, with
``TMPDIR`` in the test's own folder: a ``ketagraph-serve-*`` folder left there, or an ``oxigraph``
process whose command line names that folder, is something the command failed to clean up.
Deadlines are generous and only stop a hung test; no test asserts how long anything took.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import MINIMAL
from .servers import Stub, free_port

pytestmark = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="finds processes through /proc")

STARTUP = 120.0  # seconds to wait for a banner, at most
NOISE = ("Traceback", "panicked", "backtrace", "Listening for requests")  # must not reach the user


class Serve:
    """``ketagraph serve ARGS`` running in its own session, its output read as it comes."""

    def __init__(self, tmp: Path, *args: str | Path) -> None:
        self.tmp = tmp / "tmp"
        self.tmp.mkdir(exist_ok=True)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ketagraph", "serve", *map(str, args)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "TMPDIR": str(self.tmp)},
            start_new_session=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        self.first_line = threading.Event()
        self.started = time.monotonic()
        self.startup = STARTUP
        self._readers = [
            threading.Thread(target=self._read, args=(self.proc.stdout, self.out, self.first_line), daemon=True),
            threading.Thread(target=self._read, args=(self.proc.stderr, self.err, None), daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream, lines: list[str], seen: threading.Event | None) -> None:
        for line in stream:
            lines.append(line)
            if seen is not None:
                seen.set()
        if seen is not None:
            seen.set()  # end of output: nothing to wait for any more

    def banner(self) -> str:
        """The first line on stdout, once it is there; fails the test if the command ended first."""
        if not self.first_line.wait(STARTUP) or not self.out:
            self.proc.kill()
            pytest.fail(f"no banner; stderr: {''.join(self.err)}")
        self.startup = time.monotonic() - self.started
        return self.out[0]

    def finish(self) -> tuple[int, str, str]:
        """Exit status, stdout and stderr, waiting well beyond how long the start took."""
        deadline = max(60.0, 10 * self.startup)
        try:
            code = self.proc.wait(deadline)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            pytest.fail(f"`ketagraph serve` did not stop within {deadline:g} s")
        for reader in self._readers:
            reader.join(deadline)
        return code, "".join(self.out), "".join(self.err)

    def oxigraphs(self) -> list[int]:
        """Pids of the oxigraph processes running on a store in this test's TMPDIR."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if Path(os.fsdecode(argv[0])).name == "oxigraph" and os.fsencode(str(self.tmp)) in b" ".join(argv):
                pids.append(int(entry.name))
        return pids

    def leftovers(self) -> list[str]:
        return sorted(p.name for p in self.tmp.glob("ketagraph-serve-*"))

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        for pid in self.oxigraphs():
            os.kill(pid, signal.SIGKILL)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[list[Serve]]:
    """Every :class:`Serve` a test appends here is killed after it, whatever happened."""
    started: list[Serve] = []
    yield started
    for serve in started:
        serve.kill()


def can_listen(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as any server does
        try:
            s.bind(("127.0.0.1", port))
            s.listen()
        except OSError:
            return False
    return True


def endpoint(tmp_path: Path, running: list[Serve], port: int) -> Serve:
    """``ketagraph serve`` on ``port``, up and answering a query."""
    serve = Serve(tmp_path, "--port", port, "--data", MINIMAL)
    running.append(serve)
    url = serve.banner().split("SPARQL endpoint: ", 1)[1].split(" ", 1)[0]
    with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=30) as answer:
        assert answer.status == 200
    return serve


def occupied() -> socket.socket:
    """A plain socket listening on a free loopback port (close it after)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
    return s


def site(tmp_path: Path) -> Path:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text("<!doctype html><title>site</title>\n")
    return folder


STOPS = {
    "SIGTERM": lambda proc: proc.send_signal(signal.SIGTERM),
    "SIGHUP": lambda proc: proc.send_signal(signal.SIGHUP),
    "SIGINT": lambda proc: proc.send_signal(signal.SIGINT),
    "ctrl-c": lambda proc: os.killpg(proc.pid, signal.SIGINT),  # what a terminal sends: the whole group
}


# --- a requested stop -------------------------------------------------------------------------


@pytest.mark.parametrize("stop", list(STOPS))
def test_a_stop_signal_stops_oxigraph_frees_the_port_and_removes_the_store(tmp_path, running, stop):
    port = free_port()
    serve = endpoint(tmp_path, running, port)
    children = serve.oxigraphs()
    assert len(children) == 1 and serve.leftovers()
    STOPS[stop](serve.proc)
    code, _, err = serve.finish()
    assert code == 0, err
    assert not any(word in err for word in NOISE), err
    assert serve.oxigraphs() == []
    assert not any(Path(f"/proc/{pid}").exists() for pid in children)
    assert serve.leftovers() == []
    assert can_listen(port)


def test_the_next_serve_on_the_same_port_starts(tmp_path, running):
    port = free_port()
    first = endpoint(tmp_path, running, port)
    first.proc.send_signal(signal.SIGTERM)
    assert first.finish()[0] == 0
    second = endpoint(tmp_path, running, port)  # the banner, and a query answered, by this one
    second.proc.send_signal(signal.SIGTERM)
    code, _, err = second.finish()
    assert code == 0 and not any(word in err for word in NOISE), err


# --- a port in use ----------------------------------------------------------------------------


@pytest.mark.parametrize("data", [MINIMAL, Path("no-such-folder")], ids=["data", "before-reading-data"])
def test_a_port_in_use_is_a_clean_error_before_the_banner(tmp_path, running, data):
    with occupied() as busy:
        port = busy.getsockname()[1]
        serve = Serve(tmp_path, "--port", port, "--data", data)
        running.append(serve)
        code, out, err = serve.finish()
    assert code == 3, err
    assert out == ""
    assert f"port {port} on 127.0.0.1 is already in use; choose another --port or stop what is using it" in err
    assert not any(word in err for word in NOISE), err
    assert serve.oxigraphs() == [] and serve.leftovers() == []


def test_oxigraph_losing_the_port_after_the_check_is_the_same_clean_error(tmp_path):
    """The race `check_port` cannot close: another server takes the port between the check and the
    child's bind. Here that server answers every request, so a probe alone would think the
    endpoint is up."""
    from ketagraph.errors import ServiceError
    from ketagraph.stores.endpoint import StopSignals, _start_server, oxigraph_command

    log = tmp_path / "oxigraph.log"
    with Stub() as other:
        port = int(other.url.rsplit(":", 1)[1])
        with pytest.raises(ServiceError) as caught:
            _start_server(oxigraph_command(), "serve", tmp_path / "store", "127.0.0.1", port, log, 60.0, StopSignals())
    message = str(caught.value)
    assert caught.value.exit_code == 3
    assert f"port {port} on 127.0.0.1 is already in use" in message
    assert not any(word in message for word in NOISE), message
    assert "Address already in use" in log.read_text()  # what oxigraph said, kept out of sight


# --- a child that dies ------------------------------------------------------------------------


def test_oxigraph_dying_while_serving_is_reported_and_the_store_removed(tmp_path, running):
    port = free_port()
    serve = endpoint(tmp_path, running, port)
    (child,) = serve.oxigraphs()
    os.kill(child, signal.SIGKILL)
    code, _, err = serve.finish()
    assert code == 3, err
    assert "the oxigraph server stopped unexpectedly (killed by SIGKILL)" in err
    assert not any(word in err for word in NOISE), err
    assert serve.leftovers() == []
    assert can_listen(port)


# --- serve --site -----------------------------------------------------------------------------


def test_site_on_a_port_in_use_is_the_same_clean_error(tmp_path, running):
    with occupied() as busy:
        port = busy.getsockname()[1]
        serve = Serve(tmp_path, "--site", site(tmp_path), "--port", port)
        running.append(serve)
        code, out, err = serve.finish()
    assert code == 3, err
    assert out == ""
    assert f"port {port} on 127.0.0.1 is already in use; choose another --port or stop what is using it" in err


@pytest.mark.parametrize("stop", list(STOPS))
def test_site_stops_cleanly_on_each_stop_signal(tmp_path, running, stop):
    port = free_port()
    serve = Serve(tmp_path, "--site", site(tmp_path), "--port", port)
    running.append(serve)
    url = serve.banner().split("Site: ", 1)[1].split(" ", 1)[0]
    with urllib.request.urlopen(url, timeout=30) as answer:
        assert answer.status == 200
    STOPS[stop](serve.proc)
    code, _, err = serve.finish()
    assert code == 0, err
    assert "Traceback" not in err
    assert can_listen(port)
