"""Shared fixtures: a copy of a data folder to break, a CLI runner, and a previous good build."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ketagraph.cli import app

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
DATA = REPO / "data"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``ketagraph ARGS`` in-process; an uncaught exception (a traceback) fails the test."""

    def run(*args: str | Path, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        result = CliRunner().invoke(app, [str(a) for a in args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr, result.exception)

    return run


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A writable copy of the minimal conforming data set."""
    dst = tmp_path / "data"
    shutil.copytree(MINIMAL, dst)
    return dst


@pytest.fixture(scope="session")
def built_minimal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A release of the minimal data, built once per session."""
    from ketagraph.release.build import build

    out = tmp_path_factory.mktemp("dist-minimal") / "dist"
    result = build(data=MINIMAL, out=out)
    assert result.passes, result.report.as_text()
    return out


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory):
    """The shipped data, built once per session: the BuildResult (graph, report, files)."""
    from ketagraph.release.build import build

    out = tmp_path_factory.mktemp("dist-shipped") / "dist"
    result = build(data=DATA, out=out)
    assert result.passes, result.report.as_text()
    return result


def tree_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``: what "the output is unchanged" means."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
