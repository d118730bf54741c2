"""Reading in two processes (``ketagraph validate`` on large data) gives what the serial pipeline
gives: the same statements, the same YAML locations, the same validation report, and for bad
data the same problems in the same order, wherever in the two halves they are."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from ketagraph.checking.shacl import Report, validate
from ketagraph.errors import InputError, ReferenceProblemError
from ketagraph.reading import partition
from ketagraph.reading.partition import read_statements
from ketagraph.reading.pipeline import read_data
from ketagraph.reading.records import data_files

from .conftest import DATA, MINIMAL, REPO

sys.path.insert(0, str(REPO / "benchmarks"))
import generate


def _report(report: Report) -> list[tuple]:
    return [
        (str(v.focus), v.path, None if v.value is None else v.value.n3(), v.component, v.severity, v.message, v.loc)
        for v in report.violations
    ]


def _assert_same_as_serial(folder: Path) -> Report:
    paths = data_files(folder)
    split = read_statements(paths, split=True)
    built = read_data(folder)
    serial_nt = ox.serialize(built.triples, format=ox.RdfFormat.N_TRIPLES).decode().splitlines()
    assert set(split.nt.decode().splitlines()) == set(serial_nt)
    assert split.written >= len(serial_nt)
    assert split.locations == built.locations
    report = validate(split, locations=split.locations)
    assert _report(report) == _report(validate(built, locations=built.locations))
    return report


def test_the_shipped_data_read_in_two_processes_is_the_serial_graph():
    _assert_same_as_serial(DATA)


def test_a_corpus_with_planted_violations_gives_the_same_report_with_the_same_lines(tmp_path: Path):
    generate.generate(20_000, 5, tmp_path / "corpus", violation_rate=0.03)
    report = _assert_same_as_serial(tmp_path / "corpus")
    assert report.count("Violation") > 5
    assert all(v.loc is not None for v in report.violations)


def _with(tmp_path: Path, files: dict[str, str]) -> Path:
    """The minimal data with extra files: ``aaa-*`` sort into the first half, ``zzz-*`` into the second."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    for name, text in files.items():
        (data / name).write_text(text, encoding="utf-8")
    paths = data_files(data)
    cut = partition._cut([p.stat().st_size for p in paths])
    first, second = {p.name for p in paths[:cut]}, {p.name for p in paths[cut:]}
    assert {n for n in files if n.startswith("aaa")} <= first
    assert {n for n in files if n.startswith("zzz")} <= second
    return data


def _problems(err: pytest.ExceptionInfo) -> list[tuple[str, str]]:
    return [(p.message, str(p.loc)) for p in err.value.problems]


def test_yaml_problems_in_both_halves_are_the_serial_problems(tmp_path: Path):
    data = _with(
        tmp_path,
        {
            "aaa-bad.yaml": "drugs:\n  - id: one-drug\n    labl: One\n",
            "zzz-bad.yaml": "drugs:\n  - id: other-drug\n\tlabel: Other\n",
        },
    )
    with pytest.raises(InputError) as split:
        read_statements(data_files(data), split=True)
    with pytest.raises(InputError) as serial:
        read_data(data)
    assert _problems(split) == _problems(serial)
    assert {Path(loc.split(":")[0]).name for _, loc in _problems(split)} == {"aaa-bad.yaml", "zzz-bad.yaml"}


def test_reference_problems_across_the_halves_are_the_serial_problems(tmp_path: Path):
    data = _with(
        tmp_path,
        {
            "aaa-drugs.yaml": "drugs:\n  - id: twice-defined\n    label: First\n",
            "zzz-drugs.yaml": (
                "drugs:\n  - id: twice-defined\n    label: Second\n"
                "  - id: with-a-class\n    label: Third\n    drug_classes: [no-such-class]\n"
            ),
        },
    )
    with pytest.raises(ReferenceProblemError) as split:
        read_statements(data_files(data), split=True)
    with pytest.raises(ReferenceProblemError) as serial:
        read_data(data)
    assert _problems(split) == _problems(serial)
    messages = " ".join(m for m, _ in _problems(split))
    assert "duplicate id 'twice-defined'" in messages and "no-such-class" in messages


def test_a_failure_in_the_second_process_reaches_the_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    parent = os.getpid()
    real = partition.check

    def check_failing_in_the_child(*args):
        if os.getpid() != parent:
            raise ValueError("planted failure in the child")
        return real(*args)

    monkeypatch.setattr(partition, "check", check_failing_in_the_child)
    with pytest.raises(RuntimeError, match="planted failure in the child"):
        read_statements(data_files(DATA), split=True)


def test_validate_reports_the_same_whether_it_reads_in_one_process_or_two(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
):
    generate.generate(20_000, 8, tmp_path / "corpus", violation_rate=0.02)
    outputs = []
    for threshold in (0, 10**15):
        monkeypatch.setattr(partition, "SPLIT_FROM_BYTES", threshold)
        result = cli("validate", "--data", tmp_path / "corpus", "--format", "json")
        assert result.exit_code == 1, result.stderr
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    assert outputs[0]["results"] and all(r["file"] and r["line"] for r in outputs[0]["results"])


def test_a_failure_of_the_second_process_while_it_reads_reaches_the_first(monkeypatch: pytest.MonkeyPatch):
    parent = os.getpid()
    real = partition._load

    def load_failing_in_the_child(paths, progress):
        if os.getpid() != parent:
            raise ValueError("planted failure while reading")
        return real(paths, progress)

    monkeypatch.setattr(partition, "_load", load_failing_in_the_child)
    with pytest.raises(RuntimeError, match="planted failure while reading"):
        read_statements(data_files(DATA), split=True)
