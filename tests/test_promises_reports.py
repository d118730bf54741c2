"""Promises about reports: a SHACL report means what the SHACL spec says, read by tools nobody
here wrote; a release gives the same report in each of its six formats; a ``--bind`` never
changes a question silently.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SH

from ketagraph import api

from .conftest import MINIMAL

RELEASE_FORMATS = ["ttl", "nt", "jsonld", "trig", "nq", "rdf"]
EXPORT_NAMES = {"ttl": "turtle", "nt": "nt", "jsonld": "jsonld", "trig": "trig", "nq": "nquads", "rdf": "xml"}


def _results(report) -> list[tuple]:
    return sorted(
        (str(v.focus), v.path or "", str(v.value), v.component, v.severity, v.message) for v in report.violations
    )


def _conforms(turtle: str) -> tuple[bool, int]:
    g = Graph().parse(data=turtle, format="turtle")
    [value] = list(g.objects(None, SH.conforms))
    return value.toPython(), len(list(g.objects(None, SH.result)))


# -- sh:conforms as the spec defines it --------------------------------------------------------


def test_warnings_make_the_standard_report_say_it_does_not_conform(shipped_build, cli):
    """SHACL 1.0 §3.6.1: conforms is true only when validation produced no result. Warnings do
    not fail the release gate (exit 0, ``passes``), but they are results."""
    dist = shipped_build.out
    assert shipped_build.report.count("Warning") > 0 and shipped_build.report.passes
    turtle = cli("validate", dist / "ketagraph.ttl", "--format", "turtle")
    assert turtle.exit_code == 0
    conforms, results = _conforms(turtle.stdout)
    assert results > 0 and conforms is False
    doc = json.loads(cli("validate", dist / "ketagraph.ttl", "--format", "json").stdout)
    assert doc["conforms"] is False and doc["passes"] is True and doc["results"]
    text = cli("validate", dist / "ketagraph.ttl").stdout
    assert "The data passes: 0 violation(s)" in text and "warnings do not fail a build" in text


def test_the_pyshacl_command_line_reads_the_release_the_same_way(shipped_build, cli):
    """An independent tool (the pySHACL command line) on the same release and shapes."""
    dist = shipped_build.out
    proc = subprocess.run(
        ["pyshacl", "-s", str(dist / "shapes.ttl"), "-f", "turtle", str(dist / "ketagraph.ttl")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode in (0, 1), proc.stderr
    theirs = _conforms(proc.stdout)
    ours = _conforms(cli("validate", dist / "ketagraph.ttl", "--format", "turtle").stdout)
    assert ours == theirs


def test_no_result_is_the_only_way_to_conform(tmp_path: Path, cli):
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    result = cli("validate", empty, "--format", "turtle")
    assert result.exit_code == 0 and _conforms(result.stdout) == (True, 0)
    assert json.loads(cli("validate", empty, "--format", "json").stdout)["conforms"] is True


# -- a release gives the same report in each of its formats ------------------------------------


def test_the_shipped_release_validates_the_same_in_every_format(shipped_build):
    reports = {fmt: _results(api.validate([shipped_build.out / f"ketagraph.{fmt}"])) for fmt in RELEASE_FORMATS}
    assert reports["ttl"] == _results(shipped_build.report)  # the YAML read gives the same results too
    for fmt, results in reports.items():
        assert results == reports["ttl"], fmt


def test_a_non_conforming_graph_validates_the_same_in_every_format(tmp_path: Path, minimal: Path):
    """Planted violations are found in every format, and none is invented (the .nq and .trig
    used to lose their named graphs and report violations that were not there)."""
    claims = minimal / "claims.yaml"
    claims.write_text(claims.read_text().replace("    text: Ketamine has long been used to induce anaesthesia.\n", ""))
    reports = {}
    for fmt in RELEASE_FORMATS:
        path = tmp_path / f"graph.{fmt}"
        path.write_bytes(api.export(EXPORT_NAMES[fmt], data=minimal))
        reports[fmt] = _results(api.validate([path]))
    assert any(r[4] == "Violation" for r in reports["ttl"])
    for fmt, results in reports.items():
        assert results == reports["ttl"], fmt


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_each_engine_reads_the_nquads_release_as_the_turtle(shipped_build, engine: str):
    dist = shipped_build.out
    reports = [_results(api.validate([dist / f"ketagraph.{f}"], engine=engine)) for f in ("nq", "ttl")]
    assert reports[0] == reports[1]


# -- query --bind is a term and a variable of the query, or an error -------------------------


@pytest.mark.parametrize(
    "binding, message",
    [
        ("nosuch=kg:ketamine", "does not use"),
        ("symptom=<not an iri", "must close with >"),
        ("symptom=<not an iri>", "not an absolute IRI"),
        ("symptom=foo:bar", "unknown prefix 'foo:'"),
        ("symptom=https://w3id.org/ketagraph/id/nausea", "angle brackets"),
        ('symptomName="nausea', 'must close with "'),
    ],
)
def test_a_bad_binding_is_refused_not_ignored(cli, binding: str, message: str):
    result = cli("query", "02-migraine-symptoms", "--data", MINIMAL, "--bind", binding)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr and result.stdout == ""


def test_a_good_binding_filters_the_answer(cli):
    every = json.loads(cli("query", "02-migraine-symptoms", "--format", "json").stdout)
    assert len(every["results"]["bindings"]) > 1
    for bind in ("symptom=kg:nausea", "symptom=<https://w3id.org/ketagraph/id/nausea>", "symptomName=nausea"):
        one = json.loads(cli("query", "02-migraine-symptoms", "--format", "json", "--bind", bind).stdout)
        assert [b["symptomName"]["value"] for b in one["results"]["bindings"]] == ["nausea"], bind


def test_typed_and_language_bindings_are_terms():
    from ketagraph.stores.query import parse_binding

    assert parse_binding('x="2"^^xsd:integer')[1] == parse_binding("x=2")[1]
    assert parse_binding('x="migraine"@en')[1].language == "en"
    assert parse_binding("x=true")[1].datatype.value.endswith("#boolean")
    assert Literal("a") is not None  # rdflib stays importable beside pyoxigraph terms
