"""Generated corpora: the generator is seeded (same seed, same bytes), and at scale the exports
stay byte-identical across processes and read back in independent parsers (rapper, serdi).

The corpus tests at 200k triples are slow (a few builds); .ci/run runs them in their own step.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import generate

BIG = 200_000


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _same_tree(a: Path, b: Path) -> bool:
    names = _files(a)
    if names != _files(b):
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    return not mismatch and not errors


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path: Path):
    generate.generate(15_000, 3, tmp_path / "a", violation_rate=0.02)
    generate.generate(15_000, 3, tmp_path / "b", violation_rate=0.02)
    generate.generate(15_000, 4, tmp_path / "c", violation_rate=0.02)
    assert _same_tree(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a.planted.json").read_bytes() == (tmp_path / "b.planted.json").read_bytes()
    assert not _same_tree(tmp_path / "a", tmp_path / "c")


def _ketagraph(*args: str | Path, seed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-m", "ketagraph", *map(str, args)], capture_output=True, text=True, env=env, timeout=600
    )


@pytest.fixture(scope="module")
def big_release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """A 200k-triple corpus built twice, in processes with different hash seeds."""
    root = tmp_path_factory.mktemp("scale")
    generate.generate(BIG, 11, root / "data")
    for out, seed in ((root / "one", "1"), (root / "two", "2")):
        proc = _ketagraph("build", "--data", root / "data", "--out", out, seed=seed)
        assert proc.returncode == 0, proc.stderr
    with (root / "one" / "ketagraph.nt").open("rb") as fh:
        triples = sum(1 for _ in fh)  # N-Triples: one statement per line
    return root / "one", root / "two", triples


@pytest.mark.slow
def test_a_large_release_is_byte_identical_across_processes(big_release):
    one, two, triples = big_release
    assert triples > BIG * 0.9
    assert _same_tree(one, two)


def _count_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip() and not line.startswith("#"))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "tool", "syntax"),
    [
        ("ketagraph.nt", "rapper", "ntriples"),
        ("ketagraph.ttl", "rapper", "turtle"),
        ("ketagraph.rdf", "rapper", "rdfxml"),
        ("ketagraph.nq", "rapper", "nquads"),
        ("ketagraph.trig", "serdi", "trig"),
        ("ketagraph.ttl", "serdi", "turtle"),
        ("ketagraph.nq", "serdi", "nquads"),
    ],
)
def test_independent_parsers_read_every_triple_of_a_large_release(big_release, name: str, tool: str, syntax: str):
    one, _, triples = big_release
    exe = shutil.which(tool)
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing: .ci/install-system-deps installs it")
        pytest.skip(f"{tool} is not installed")
    if tool == "rapper":
        cmd = [exe, "-q", "-i", syntax, "-o", "ntriples", str(one / name), "http://base.invalid/"]
    else:
        cmd = [exe, "-i", syntax, "-o", "nquads" if syntax in ("trig", "nquads") else "ntriples", str(one / name)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # Every statement once: the union of the named graphs is the graph (no triple is in two graphs).
    assert _count_lines(proc.stdout) == triples


@pytest.mark.slow
def test_export_writes_a_large_graph_that_does_not_conform(tmp_path: Path):
    """`export` is not the release gate: a curator can look at a corpus with planted violations."""
    generate.generate(BIG // 2, 5, tmp_path / "data", violation_rate=0.01)
    planted = json.loads((tmp_path / "data.planted.json").read_text())
    assert planted
    build = _ketagraph("build", "--data", tmp_path / "data", "--out", tmp_path / "dist")
    assert build.returncode == 1 and not (tmp_path / "dist").exists()
    out = tmp_path / "graph.nt"
    proc = _ketagraph("export", "--data", tmp_path / "data", "--format", "nt", "-o", out)
    assert proc.returncode == 0, proc.stderr
    again = _ketagraph("export", "--data", tmp_path / "data", "--format", "nt", "-o", tmp_path / "again.nt", seed="7")
    assert again.returncode == 0, again.stderr
    assert out.read_bytes() == (tmp_path / "again.nt").read_bytes()
    lines = out.read_text().splitlines()
    assert len(lines) > BIG // 2 * 0.9
    assert lines == sorted(lines, key=lambda ln: ln.split(" ", 1)[0])  # grouped by subject, in subject order
