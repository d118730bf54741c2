"""The fast SHACL path gives exactly what pySHACL gives: focus node, path, value, constraint
component, severity and message, on every shape fixture and on generated corpora with planted
violations of every kind the generator plants."""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from ketagraph.checking import turbo
from ketagraph.checking.shacl import Report, validate
from ketagraph.reading.pipeline import read_data

from .conftest import DATA, FIXTURES, MINIMAL, REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import generate


def _results(report: Report) -> Counter:
    return Counter(
        (str(v.focus), v.path, None if v.value is None else v.value.n3(), v.component, v.severity, v.message)
        for v in report.violations
    )


def _same(graph: Graph) -> Counter:
    """pySHACL's results, asserted equal to turbo's, fed as N-Triples text and as a pyoxigraph Store."""
    fast = _results(validate(graph, engine="turbo"))
    try:
        turbo.FEED_TEXT = False
        through_store = _results(validate(graph, engine="turbo"))
    finally:
        turbo.FEED_TEXT = True
    reference = _results(validate(graph, engine="pyshacl"))
    assert fast == reference
    assert through_store == reference
    return reference


def _cases() -> list[Path]:
    cases = [p / name for p in sorted((FIXTURES / "shape-cases").iterdir()) for name in ("ok.yaml", "bad.yaml")]
    return [c for c in cases if c.exists()]


@pytest.mark.parametrize("case", _cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_yaml_shape_case(case: Path, tmp_path: Path):
    import re

    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    for m in re.finditer(r"^#\s*replaces:\s*(\S+)", case.read_text(encoding="utf-8"), flags=re.M):
        (data / m.group(1)).unlink()
    shutil.copy(case, data / case.name)
    _same(read_data(data).graph)


@pytest.mark.parametrize("path", sorted((FIXTURES / "shapes").glob("*.ttl")), ids=lambda p: p.stem)
def test_every_turtle_fixture(path: Path):
    _same(Graph().parse(path, format="turtle"))


def test_shipped_data():
    _same(read_data(DATA).graph)


def test_generated_corpus_with_planted_violations(tmp_path: Path):
    info = generate.generate(12_000, 7, tmp_path / "corpus", violation_rate=0.05)
    assert info["planted"] > 20
    results = _same(read_data(tmp_path / "corpus").graph)
    assert sum(n for k, n in results.items() if k[4] == "Violation") >= info["planted"] // 2
