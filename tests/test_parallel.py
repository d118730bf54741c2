"""The build's second core: exports written by a forked child while the parent validates.

Large graphs take this path; the shipped data is below its threshold, so these tests lower it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ketagraph import parallel
from ketagraph.errors import InputError
from ketagraph.release import build as build_module

from .conftest import DATA, tree_digest


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every build forks; the list records the children the parent started."""
    started: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(build_module, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel.os, "fork", fork)
    return started


def test_parallel_build_writes_the_same_bytes_as_the_serial_one(tmp_path: Path, shipped_build, forks):
    result = build_module.build(data=DATA, out=tmp_path / "dist")
    assert forks, "the exports did not run in a child process"
    assert result.passes
    assert tree_digest(tmp_path / "dist") == tree_digest(shipped_build.out)
    assert result.files == {p.name: p.stat().st_size for p in shipped_build.out.iterdir()}


def test_parallel_build_of_data_that_does_not_conform_keeps_the_previous_release(
    tmp_path: Path, minimal: Path, built_minimal: Path, forks
):
    claims = minimal / "claims.yaml"
    claims.write_text(claims.read_text().replace("    text: Ketamine has long been used to induce anaesthesia.\n", ""))
    out = tmp_path / "dist"
    shutil.copytree(built_minimal, out)
    before = tree_digest(out)
    result = build_module.build(data=minimal, out=out)
    assert forks and not result.passes and result.files == {}
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "dist"]  # the child's staging folder is gone


def test_a_failure_in_the_child_reaches_the_parent_and_keeps_the_previous_release(
    tmp_path: Path, built_minimal: Path, forks, monkeypatch: pytest.MonkeyPatch
):
    from .conftest import MINIMAL

    def full_disk(built):
        raise InputError.one("cannot write: No space left on device")

    monkeypatch.setattr(build_module, "release_files", full_disk)
    out = tmp_path / "dist"
    shutil.copytree(built_minimal, out)
    before = tree_digest(out)
    with pytest.raises(InputError, match="No space left on device"):
        build_module.build(data=MINIMAL, out=out)
    assert forks
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_a_crash_in_the_child_is_reported_with_its_traceback():
    def crash() -> None:
        raise ZeroDivisionError("boom")

    with pytest.raises(RuntimeError, match=r"(?s)child process failed.*ZeroDivisionError: boom"):
        parallel.beside(crash)()


def test_without_fork_the_work_runs_in_process():
    assert parallel.beside(lambda: 42, fork=False)() == 42
    with pytest.raises(InputError, match="bad"):
        parallel.beside(lambda: (_ for _ in ()).throw(InputError.one("bad")), fork=False)()
