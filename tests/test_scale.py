"""At scale: `ketagraph load --file` streams a 1M-triple graph into a real Oxigraph server with
memory bounded by the chunk size, not by the graph (a slow suite, run by .ci/run on its own)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .servers import oxigraph_server

pytestmark = pytest.mark.slow

LOADER = """
import resource, sys
sys.argv = ["ketagraph", *sys.argv[1:]]
from ketagraph.cli import run
try:
    run()
except SystemExit as exit:
    code = exit.code or 0
else:
    code = 0
print("PEAK_RSS_MIB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr)
sys.exit(code)
"""


def _write_ntriples(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(
                f'<https://w3id.org/ketagraph/id/s{i // 10}> <https://schema.org/name{i % 10}> "value {i} of a synthetic graph" .\n'
            )


def _load(endpoint: str, path: Path, graph: str, chunk: int, timeout: float = 300) -> tuple[float, float]:
    """Peak RSS (MiB) of a `ketagraph load` in its own process, and its wall time (s)."""
    started = time.monotonic()
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            LOADER,
            "load",
            "--endpoint",
            endpoint,
            "--file",
            str(path),
            "--graph",
            graph,
            "--chunk-size",
            str(chunk),
            "--timeout",
            str(round(timeout)),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return float(proc.stderr.rsplit("PEAK_RSS_MIB", 1)[1].split()[0]), time.monotonic() - started


def _count(base: str, graph: str) -> int:
    import urllib.parse
    import urllib.request

    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    req = urllib.request.Request(
        f"{base}/query",
        data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(req, timeout=120) as resp:
        return int(json.loads(resp.read())["results"]["bindings"][0]["n"]["value"])


def test_a_million_triples_load_with_memory_bounded_by_the_chunk(tmp_path: Path):
    big, small = tmp_path / "big.nt", tmp_path / "small.nt"
    _write_ntriples(big, 1_000_000)
    _write_ntriples(small, 200_000)
    extra_mib = (big.stat().st_size - small.stat().st_size) / 2**20  # about 68 MiB of N-Triples
    with oxigraph_server(tmp_path / "store") as srv:
        rss_small, seconds_small = _load(srv.query_url, small, "urn:test:small", 5_000)
        # The longest single request of the big load is its MOVE (or a read-back) of five times the
        # small graph; the whole small load, measured on this machine now, bounds one fifth of it.
        # Twenty times that leaves a fourfold margin for a machine that slows down meanwhile.
        rss_big, _ = _load(srv.query_url, big, "urn:test:big", 5_000, timeout=max(300, 20 * seconds_small))
        assert _count(srv.base, "urn:test:big") == 1_000_000
        assert _count(srv.base, "urn:test:small") == 200_000
    print(f"loader peak RSS: 200k triples {rss_small:.0f} MiB, 1M triples {rss_big:.0f} MiB (5k-triple chunks)")
    # Five times the graph, the same chunk: the same memory, within allocator noise. A loader that
    # held the graph would need at least the extra file's size more.
    assert extra_mib > 60
    assert rss_big < rss_small + 20
