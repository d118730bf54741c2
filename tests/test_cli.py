"""The command line: fast help, lazy imports, README in step with --help, each command's output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import typer
from rdflib import Graph
from rdflib.compare import isomorphic

from ketagraph.cli import app

from .conftest import MINIMAL, REPO


def test_help_does_not_import_heavy_libraries():
    code = "import sys, ketagraph.cli; print(sorted(m for m in ('rdflib','pyshacl','pyld','pyoxigraph','rich') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_version(cli):
    from ketagraph import __version__

    result = cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"ketagraph {__version__}"


def _commands() -> dict:
    group = typer.main.get_command(app)
    return dict(group.commands)  # typer vendors its own click: duck-type the group


def test_every_command_has_help():
    for name, cmd in _commands().items():
        assert (cmd.help or "").strip(), f"command {name} has no help text"


def test_readme_lists_every_command_and_option():
    """The README's command reference is kept in step with --help (and lists nothing else)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Command reference", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^### `ketagraph (\w+)", section, flags=re.M))
    commands = _commands()
    assert documented == set(commands)
    for name, cmd in commands.items():
        block = section.split(f"### `ketagraph {name}", 1)[1].split("\n### ", 1)[0]
        for param in cmd.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help":
                    assert f"`{opt}" in block, f"README does not document {opt} of ketagraph {name}"


def test_export_to_stdout_is_the_graph(cli):
    from ketagraph.reading.pipeline import read_data

    result = cli("export", "--data", MINIMAL, "--format", "nt")
    assert result.exit_code == 0
    assert isomorphic(Graph().parse(data=result.stdout, format="nt"), read_data(MINIMAL).graph)


def test_export_does_not_gate_on_shacl(minimal: Path, tmp_path: Path, cli):
    """A curator can inspect a graph that does not conform yet: only build is the release gate."""
    claims = minimal / "claims.yaml"
    claims.write_text(claims.read_text().replace("    text: Ketamine has long been used to induce anaesthesia.\n", ""))
    assert cli("validate", "--data", minimal).exit_code == 1
    out = tmp_path / "g.ttl"
    result = cli("export", "--data", minimal, "--format", "turtle", "-o", out)
    assert result.exit_code == 0 and len(Graph().parse(out)) > 0


def test_validate_reports_in_three_formats(minimal: Path, cli):
    claims = minimal / "claims.yaml"
    claims.write_text(claims.read_text().replace("    text: Ketamine has long been used to induce anaesthesia.\n", ""))
    text = cli("validate", "--data", minimal)
    assert text.exit_code == 1 and "claims.yaml:2:5" in text.stdout
    report = json.loads(cli("validate", "--data", minimal, "--format", "json").stdout)
    assert report["conforms"] is False
    hit = [r for r in report["results"] if r["severity"] == "Violation"]
    assert hit and hit[0]["file"].endswith("claims.yaml") and hit[0]["line"] == 2
    ttl = cli("validate", "--data", minimal, "--format", "turtle").stdout
    g = Graph().parse(data=ttl, format="turtle")
    assert len(list(g.subjects(None, None))) > 0


def test_validate_accepts_rdf_files(built_minimal: Path, cli):
    result = cli("validate", built_minimal / "ketagraph.ttl")
    assert result.exit_code == 0, result.stdout


def test_validate_reports_an_rdf_syntax_error(tmp_path: Path, cli):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    result = cli("validate", bad)
    assert result.exit_code == 2 and "bad.ttl" in result.stderr


def test_stats(cli):
    result = cli("stats", "--data", MINIMAL, "--format", "json")
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert stats["claimsPerSource"] == {"kg:mini-review": 1}
    assert stats["entitiesPerClass"]["schema:Drug"] == 1
    assert stats["triples"] > 0
