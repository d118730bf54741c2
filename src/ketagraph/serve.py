"""``ketagraph serve``: the graph behind a real SPARQL endpoint, for any SPARQL client.

Runs the Oxigraph server (PyPI ``oxigraph``) on a temporary store loaded with the graph's
N-Quads (each voice in its named graph), read-only unless asked otherwise, on 127.0.0.1 unless
``--host`` says otherwise. Stopping it (Ctrl-C) stops the server and removes the store.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, ServiceError

if TYPE_CHECKING:
    from .graph import Built

__all__ = ["oxigraph_command", "serve"]


def oxigraph_command() -> str:
    path = shutil.which("oxigraph")
    if path is None:
        raise InputError.one("the `oxigraph` server is not installed; `python -m pip install oxigraph` provides it")
    return path


def serve(
    built: Built,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    on_ready: Callable[[str], None] | None = None,
    ready_timeout: float = 30.0,
) -> int:
    """Serve until interrupted; returns the server's exit status (0 after Ctrl-C)."""
    from .export.rdf import serialize

    binary = oxigraph_command()
    with tempfile.TemporaryDirectory(prefix="ketagraph-serve-") as tmp:
        data = Path(tmp) / "graph.nq"
        data.write_bytes(serialize(built, "N_QUADS"))
        location = Path(tmp) / "store"
        loaded = subprocess.run(
            [binary, "load", "--location", str(location), "--file", str(data)], capture_output=True, text=True
        )
        if loaded.returncode != 0:
            raise ServiceError.one(f"oxigraph could not load the graph: {loaded.stderr.strip()[:300]}")
        mode = "serve" if writable else "serve-read-only"
        server = subprocess.Popen([binary, mode, "--location", str(location), "--bind", f"{host}:{port}"])
        try:
            url = f"http://{_url_host(host)}:{port}"
            _wait_until_up(server, f"{url}/query", ready_timeout)
            if on_ready:
                on_ready(url)
            return server.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _wait_until_up(server: subprocess.Popen, query_url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    probe = query_url + "?query=ASK%7B%7D"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ServiceError.one(
                f"the oxigraph server stopped at start (exit {server.returncode}); is the port already in use?"
            )
        try:
            with urllib.request.urlopen(probe, timeout=1):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise ServiceError.one(f"the oxigraph server did not answer within {timeout:g} s")
