"""Bad input gets a clear message with file and line, the exit code of design.md §4, no
traceback, and leaves the previous output untouched (issue: end-to-end graph, point 6).

Each case adds one file, ``bad.yaml``, to a copy of the minimal data set, so the line numbers
below are the lines of that file.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import tree_digest

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@dataclass(frozen=True)
class Case:
    name: str
    content: str | bytes
    exit_code: int
    where: str  # "line:column" in bad.yaml, or "" for folder-level problems
    words: tuple[str, ...]


CASES = [
    Case("yaml-syntax", "drugs:\n  - id: x\n    label: [unclosed\n", 2, "4:1", ("YAML syntax error",)),
    Case("tab-indentation", "drugs:\n\t- id: x\n", 2, "2:1", ("tabs", "spaces")),
    Case("alias-bomb", BILLION_LAUGHS, 2, "2:8", ("aliases", "not supported")),
    Case("not-utf8", b"drugs:\n  - id: x\n    label: caf\xe9\n", 2, "3:15", ("not UTF-8", "0xe9")),
    Case("bare-string", "just a sentence\n", 2, "1:1", ("top level", "mapping of kinds")),
    Case("empty-file", "", 2, "1:1", ("empty",)),
    Case("unknown-kind", "drug:\n  - id: x\n", 2, "1:1", ("unknown kind 'drug'", "did you mean 'drugs'")),
    Case(
        "unknown-key",
        "drugs:\n  - id: x\n    labl: X\n",
        2,
        "3:5",
        ("unknown key 'labl'", "did you mean 'label'", "expected one of"),
    ),
    Case(
        "duplicate-key",
        "drugs:\n  - id: x\n    label: A\n    label: B\n",
        2,
        "4:5",
        ("duplicate key 'label'", "line 3"),
    ),
    Case(
        "wrong-type",
        "sections:\n  - id: s2\n    label: S\n    document: mini-review\n    position: first\n",
        2,
        "5:15",
        ("'position'", "whole number", "first"),
    ),
    Case("list-for-text", "drugs:\n  - id: x\n    label: [a, b]\n", 2, "3:12", ("'label' takes text", "not a list")),
    Case("bad-id", "drugs:\n  - id: Ketamine Two\n", 2, "2:9", ("not a valid id", "lower-case")),
    Case("missing-id", "drugs:\n  - label: nameless\n", 2, "2:5", ("has no 'id'",)),
    Case(
        "malformed-doi",
        "documents:\n  - id: p\n    label: P\n    identifiers:\n      exact: ['doi:10.12/x']\n",
        2,
        "5:15",
        ("not a valid DOI identifier",),
    ),
    Case(
        "malformed-curie",
        "drugs:\n  - id: x\n    label: X\n    identifiers:\n      exact: [CHEBI6121]\n",
        2,
        "5:15",
        ("not a CURIE", "PREFIX:ID"),
    ),
    Case(
        "unknown-prefix",
        "drugs:\n  - id: x\n    label: X\n    identifiers:\n      exact: ['FOO:1']\n",
        2,
        "5:15",
        ("unknown identifier prefix 'FOO'", "known prefixes"),
    ),
    Case(
        "malformed-date",
        "documents:\n  - id: p\n    label: P\n    date_published: 2021-13-45\n",
        2,
        "4:21",
        ("not a real calendar date",),
    ),
    Case(
        "date-format",
        "documents:\n  - id: p\n    label: P\n    date_published: 1 Oct 2021\n",
        2,
        "4:21",
        ("YYYY-MM-DD",),
    ),
    Case(
        "unknown-enum",
        "documents:\n  - id: p\n    type: artcle\n",
        2,
        "3:11",
        ("unknown value 'artcle'", "did you mean 'article'"),
    ),
    Case(
        "duplicate-id",
        "drugs:\n  - id: ketamine\n    label: again\n",
        1,
        "2:9",
        ("duplicate id 'ketamine'", "drugs.yaml:2:9"),
    ),
    Case(
        "dangling-reference",
        "drugs:\n  - id: x\n    label: X\n    drug_classes: [no-such-class]\n",
        1,
        "4:20",
        ("'drug_classes' refers to 'no-such-class'", "not defined"),
    ),
    Case(
        "reference-to-wrong-kind",
        "drugs:\n  - id: x\n    label: X\n    drug_classes: [ketamine]\n",
        1,
        "4:20",
        ("a drugs item", "takes items of: drug_classes"),
    ),
    Case(
        "unregistered-identifier",
        "drugs:\n  - id: x\n    label: X\n    identifiers:\n      exact: ['MESH:D007649']\n",
        1,
        "5:15",
        ("'MESH:D007649' is not in the identifier register",),
    ),
    Case(
        "missing-required-field",
        "claims:\n  - id: c2\n    label: No text\n    about: [ketamine]\n    category: safety\n    strength: limited\n"
        "    source: mini-review\n    section: mini-review-body\n    paragraph: 1\n    sentences: [2]\n",
        1,
        "2:5",
        ("[Violation]", "schema:text"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_reported_and_output_kept(case: Case, minimal: Path, built_minimal: Path, tmp_path: Path, cli):
    out = tmp_path / "dist"
    shutil.copytree(built_minimal, out)
    before = tree_digest(out)
    bad = minimal / "bad.yaml"
    if isinstance(case.content, bytes):
        bad.write_bytes(case.content)
    else:
        bad.write_text(case.content, encoding="utf-8")

    result = cli("build", "--data", minimal, "--out", out)

    assert result.exit_code == case.exit_code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert f"bad.yaml:{case.where}" in result.stderr, result.stderr
    for word in case.words:
        assert word in result.stderr, result.stderr
    assert tree_digest(out) == before, "a failed build changed the previous output"
    assert not list(tmp_path.glob(".dist-*")), "a failed build left a temporary folder behind"


def test_every_problem_is_reported_at_once(minimal: Path, cli):
    (minimal / "bad.yaml").write_text("drugs:\n  - id: x\n    labl: X\n  - id: y\n    colour: red\n", encoding="utf-8")
    result = cli("validate", "--data", minimal)
    assert result.exit_code == 2
    assert "bad.yaml:3:5" in result.stderr and "bad.yaml:5:5" in result.stderr


def test_alias_bomb_is_refused_quickly(minimal: Path, cli):
    """Refused while reading the node tree, before anything expands it."""
    (minimal / "bad.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    result = cli("stats", "--data", minimal)
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["build", "validate", "export --format nt", "stats"])
def test_missing_data_folder(command: str, tmp_path: Path, cli):
    result = cli(*command.split(), "--data", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and "--data" in result.stderr


def test_empty_data_folder(tmp_path: Path, built_minimal: Path, cli):
    (tmp_path / "empty").mkdir()
    out = tmp_path / "dist"
    shutil.copytree(built_minimal, out)
    before = tree_digest(out)
    result = cli("build", "--data", tmp_path / "empty", "--out", out)
    assert result.exit_code == 2
    assert "holds no .yaml files" in result.stderr
    assert tree_digest(out) == before


def test_unknown_option_is_a_usage_error(cli):
    result = cli("build", "--colour", "red")
    assert result.exit_code == 2


def test_debug_shows_the_traceback(tmp_path: Path):
    """--debug is the one way to see a traceback for a user's mistake."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "ketagraph", "--debug", "stats", "--data", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr
    plain = subprocess.run(
        [sys.executable, "-m", "ketagraph", "stats", "--data", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
    )
    assert plain.returncode == 2
    assert "Traceback" not in plain.stderr


def test_an_id_that_collides_with_a_minted_iri_is_refused(minimal: Path, cli):
    (minimal / "bad.yaml").write_text(
        "people:\n  - id: paper-author-1\n    label: P\n"
        "documents:\n  - id: paper\n    label: Paper\n    authors: [paper-author-1]\n",
        encoding="utf-8",
    )
    result = cli("validate", "--data", minimal)
    assert result.exit_code == 1
    assert "bad.yaml:7:15" in result.stderr and "id 'paper-author-1'" in result.stderr
