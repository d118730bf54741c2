"""Promises of the command line: every error gets the exit code of the README's table and a
message, never a traceback unless ``--debug`` is given (anywhere on the line); a bug says it
is one, in one line, with its own exit code.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ketagraph import errors
from ketagraph.errors import InputError

from .conftest import MINIMAL, REPO


def _ketagraph(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The real command in its own process: what a user sees, tracebacks included."""
    return subprocess.run([sys.executable, "-m", "ketagraph", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_the_readme_exit_code_table_is_the_code(cli):
    readme = (REPO / "README.md").read_text()
    table = dict(re.findall(r"^\| (\d+) \| ([^|]+) \|$", readme.split("## Exit codes", 1)[1], flags=re.M))
    codes = {name: value for name, value in vars(errors).items() if name.startswith("EXIT_")}
    assert sorted(int(c) for c in table) == sorted(codes.values())


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_a_missing_file_is_exit_2_with_a_message(tmp_path: Path, engine: str):
    proc = _ketagraph("validate", tmp_path / "missing.yaml", "--engine", engine)
    assert proc.returncode == 2
    assert "missing.yaml' does not exist" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--debug", "validate", "missing.yaml"],
        ["validate", "--debug", "missing.yaml"],
        ["validate", "missing.yaml", "--debug"],
    ],
    ids=["before", "after-the-command", "at-the-end"],
)
def test_debug_works_anywhere_on_the_line(tmp_path: Path, args: list[str]):
    proc = _ketagraph(*args, cwd=tmp_path)
    assert "Traceback" in proc.stderr and "InputError" in proc.stderr
    quiet = _ketagraph(*[a for a in args if a != "--debug"], cwd=tmp_path)
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr


def test_debug_after_double_dash_is_an_argument_not_the_option(cli):
    """``--`` ends the options: what follows is a file name, even one called ``--debug``."""
    result = cli("validate", "--", "--debug")
    assert result.exit_code == 2 and "'--debug' does not exist" in result.stderr


def test_an_internal_error_says_it_is_a_bug_in_one_line(cli, monkeypatch):
    def broken(graph):
        raise ZeroDivisionError("division by zero")

    import importlib

    monkeypatch.setattr(importlib.import_module("ketagraph.checking.stats"), "stats", broken)
    result = cli("stats", "--data", MINIMAL)
    assert result.exit_code == errors.EXIT_INTERNAL == 70
    assert result.stderr.count("\n") == 1
    assert "bug in ketagraph" in result.stderr and "--debug" in result.stderr and "ZeroDivisionError" in result.stderr
    with pytest.raises(ZeroDivisionError):
        cli("--debug", "stats", "--data", MINIMAL)


def test_a_users_mistake_is_never_an_internal_error(cli, tmp_path: Path):
    """The mistakes users make, one per command: each is exit 2 with a message, never 70."""
    (tmp_path / "bad.rq").write_text("SELECT WHERE {")
    (tmp_path / "folder.yaml").mkdir()
    cases = [
        ("validate", tmp_path / "missing.yaml"),
        ("validate", tmp_path / "folder.yaml"),
        ("validate", "--data", tmp_path / "nowhere"),
        ("build", "--data", tmp_path / "nowhere", "--out", tmp_path / "dist"),
        ("export", "--format", "turtle", "--data", MINIMAL, "--entity", "no-such-entity"),
        ("query", tmp_path / "bad.rq", "--data", MINIMAL),
        ("query", tmp_path / "missing.rq", "--data", MINIMAL),
        ("query", "no-such-question", "--data", MINIMAL),
        ("query", "02", "--graph", tmp_path / "missing.nq"),
        ("snippet", "--data", MINIMAL),
        ("stats", "--data", tmp_path / "nowhere"),
    ]
    for args in cases:
        result = cli(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stderr.startswith("error: "), (args, result.stderr)


def test_the_python_api_raises_what_the_cli_reports(tmp_path: Path):
    from ketagraph import api

    with pytest.raises(InputError) as err:
        api.validate([tmp_path / "missing.yaml"])
    assert err.value.exit_code == 2
