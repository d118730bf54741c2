"""Promises about files: nothing of the user's is ever deleted, nothing is written unless all of
it succeeds, the previous release stays, and what is written does not depend on the clock.

Each test names the promise it keeps; each was seen to fail with the promise broken.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ketagraph.errors import InputError
from ketagraph.release import build as build_module

from .conftest import DATA, MINIMAL, tree_digest


def _siblings(folder: Path) -> list[str]:
    """Everything beside ``folder`` whose name says it is one of ours (staging, moved aside)."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}-"))


def _break_claim(data: Path) -> None:
    claims = data / "claims.yaml"
    claims.write_text(claims.read_text().replace("    text: Ketamine has long been used to induce anaesthesia.\n", ""))


# -- build and publish never delete what is not theirs -----------------------------------------


@pytest.mark.parametrize("command", ["build", "publish"])
def test_out_holding_the_users_files_is_refused_and_kept(tmp_path: Path, cli, command: str):
    out = tmp_path / "mine"
    (out / "notes").mkdir(parents=True)
    (out / "thesis.docx").write_bytes(b"years of work")
    (out / "notes" / "todo.txt").write_text("call the lab")
    before = tree_digest(out)
    result = cli(command, "--data", MINIMAL, "--out", out)
    assert result.exit_code == 2
    assert "thesis.docx" in result.stderr and "notes/todo.txt" in result.stderr and "--force" in result.stderr
    assert tree_digest(out) == before
    assert _siblings(out) == []


def test_the_data_folder_is_never_the_out_folder(tmp_path: Path, minimal: Path, cli):
    before = tree_digest(minimal)
    for out in (minimal, minimal / "dist", minimal.parent):
        for force in ((), ("--force",)):
            result = cli("build", "--data", minimal, "--out", out, *force)
            assert result.exit_code == 2, (out, force, result.stderr)
            assert "data folder" in result.stderr
    assert tree_digest(minimal) == before
    assert not (minimal / "dist").exists()


def test_the_current_and_home_folders_are_never_the_out_folder(tmp_path: Path, minimal: Path, cli, monkeypatch):
    home = tmp_path / "home"
    (home / "work").mkdir(parents=True)
    (home / "work" / "keep.txt").write_text("keep")
    monkeypatch.setenv("HOME", str(home))
    for out, cwd in ((".", home / "work"), (str(home), home / "work"), (str(home / "work"), home / "work")):
        result = cli("build", "--data", minimal, "--out", out, "--force", cwd=cwd)
        assert result.exit_code == 2, (out, result.stderr)
    assert (home / "work" / "keep.txt").read_text() == "keep"


def test_a_release_file_edited_by_hand_is_not_overwritten(tmp_path: Path, built_minimal: Path, cli):
    """An edit that keeps the size is still an edit: the checksums in void.ttl tell."""
    out = tmp_path / "dist"
    shutil.copytree(built_minimal, out)
    ttl = out / "ketagraph.ttl"
    text = ttl.read_bytes()
    i = text.index(b"Ketamine")
    ttl.write_bytes(text[:i] + b"K" + text[i + 1 :].replace(b"e", b"E", 1))
    assert ttl.stat().st_size == len(text)
    before = tree_digest(out)
    result = cli("build", "--data", MINIMAL, "--out", out)
    assert result.exit_code == 2 and "ketagraph.ttl (changed since it was written)" in result.stderr
    assert tree_digest(out) == before


def test_a_previous_release_is_replaced_as_a_whole(tmp_path: Path, built_minimal: Path, shipped_build, cli):
    out = tmp_path / "dist"
    shutil.copytree(shipped_build.out, out)
    result = cli("build", "--data", MINIMAL, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert tree_digest(out) == tree_digest(built_minimal)
    assert _siblings(out) == []


def test_an_empty_folder_is_written(tmp_path: Path, built_minimal: Path, cli):
    out = tmp_path / "dist"
    out.mkdir()
    assert cli("build", "--data", MINIMAL, "--out", out).exit_code == 0
    assert tree_digest(out) == tree_digest(built_minimal)


def test_force_says_what_it_deletes_before_replacing(tmp_path: Path, built_minimal: Path, cli):
    out = tmp_path / "dist"
    out.mkdir()
    (out / "old-notes.txt").write_text("x")
    result = cli("build", "--data", MINIMAL, "--out", out, "--force")
    assert result.exit_code == 0, result.stderr
    assert "deletes 1 file(s) of yours: old-notes.txt" in result.stderr
    assert tree_digest(out) == tree_digest(built_minimal)


def test_a_site_is_not_replaced_by_a_release_nor_a_release_by_a_site(tmp_path: Path, built_minimal: Path, cli):
    dist = tmp_path / "dist"
    shutil.copytree(built_minimal, dist)
    before = tree_digest(dist)
    assert cli("publish", "--data", MINIMAL, "--out", dist).exit_code == 2
    assert tree_digest(dist) == before
    site = tmp_path / "site"
    assert cli("publish", "--data", MINIMAL, "--out", site).exit_code == 0
    assert cli("publish", "--data", MINIMAL, "--out", site).exit_code == 0  # its own site: replaced
    site_before = tree_digest(site)
    assert cli("build", "--data", MINIMAL, "--out", site).exit_code == 2
    assert tree_digest(site) == site_before


# -- nothing is written unless all of it succeeds; the previous release stays ------------------


def test_a_failed_final_rename_keeps_the_previous_release(
    tmp_path: Path, built_minimal: Path, shipped_build, monkeypatch
):
    out = tmp_path / "dist"
    shutil.copytree(shipped_build.out, out)
    before = tree_digest(out)
    real_rename = Path.rename

    def rename(self: Path, target):
        if self.name.startswith(".dist-staging-"):  # the staged release moving into place
            raise OSError(28, "No space left on device")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(InputError, match="previous release is unchanged"):
        build_module.build(data=MINIMAL, out=out)
    assert tree_digest(out) == before
    assert _siblings(out) == []


@pytest.mark.parametrize("parallel", [False, True], ids=["serial", "exports-in-a-child"])
@pytest.mark.parametrize("failure", ["violation", "error", "interrupt"])
def test_no_staging_or_moved_aside_folder_survives_a_build(
    tmp_path: Path, shipped_build, minimal: Path, monkeypatch, parallel: bool, failure: str
):
    out = tmp_path / "dist"
    shutil.copytree(shipped_build.out, out)
    before = tree_digest(out)
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 0 if parallel else 10**9)
    if failure == "violation":
        _break_claim(minimal)
        assert not build_module.build(data=minimal, out=out).passes
    else:
        from ketagraph.release.export import rdf

        exc = OSError(5, "Input/output error") if failure == "error" else KeyboardInterrupt()
        real = rdf.serialize

        def serialize(built, name):
            if name == "RDF_XML":  # the last export: the others are already in the staging folder
                raise exc
            return real(built, name)

        monkeypatch.setattr(rdf, "serialize", serialize)
        with pytest.raises((InputError, OSError, RuntimeError, KeyboardInterrupt)):
            build_module.build(data=minimal, out=out)
    assert tree_digest(out) == before
    assert _siblings(out) == []


@pytest.mark.parametrize("exc", [KeyboardInterrupt, SystemExit], ids=["ctrl-c", "exit"])
def test_a_build_stopped_while_writing_leaves_no_half_release(tmp_path: Path, shipped_build, monkeypatch, exc):
    out = tmp_path / "dist"
    shutil.copytree(shipped_build.out, out)
    before = tree_digest(out)
    real = Path.write_bytes
    written: list[str] = []

    def write_bytes(self: Path, data: bytes) -> int:
        if self.parent.name.startswith(".dist-staging-") and len(written) == 3:
            raise exc()
        written.append(self.name)
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    with pytest.raises(exc):
        build_module.build(data=MINIMAL, out=out)
    assert len(written) == 3
    assert tree_digest(out) == before and _siblings(out) == []


def test_interrupted_build_exits_130_and_keeps_the_release(tmp_path: Path, shipped_build, monkeypatch, cli):
    out = tmp_path / "dist"
    shutil.copytree(shipped_build.out, out)
    before = tree_digest(out)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("ketagraph.release.export.rdf.serialize", interrupted)
    result = cli("build", "--data", MINIMAL, "--out", out)
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert tree_digest(out) == before and _siblings(out) == []


def test_a_release_left_aside_by_a_killed_build_is_put_back(tmp_path: Path, built_minimal: Path, minimal: Path):
    """A build killed between its two renames leaves the previous release beside ``out``; the
    next run puts it back before doing anything, even when its own data does not pass."""
    out = tmp_path / "dist"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    aside = tmp_path / f".dist-previous-{int(dead.stdout)}"
    shutil.copytree(built_minimal, aside)
    staging = tmp_path / f".dist-staging-{int(dead.stdout)}-abc123"
    staging.mkdir()
    (staging / "ketagraph.ttl").write_text("half")
    _break_claim(minimal)
    assert not build_module.build(data=minimal, out=out).passes
    assert tree_digest(out) == tree_digest(built_minimal)
    assert _siblings(out) == []


# -- the same data gives the same bytes, whatever the clock says --------------------------------

_FAKE_CLOCK = """
import datetime as dt, sys, time
FAKE = dt.datetime(2099, 7, 4, 12, 0, tzinfo=dt.UTC)
class FakeDateTime(dt.datetime):
    @classmethod
    def now(cls, tz=None): return FAKE if tz else FAKE.replace(tzinfo=None)
    @classmethod
    def utcnow(cls): return FAKE.replace(tzinfo=None)
    @classmethod
    def today(cls): return FAKE.replace(tzinfo=None)
class FakeDate(dt.date):
    @classmethod
    def today(cls): return FAKE.date()
dt.datetime, dt.date = FakeDateTime, FakeDate
time.time = lambda: FAKE.timestamp()
time.time_ns = lambda: int(FAKE.timestamp()) * 10**9
sys.argv = ["ketagraph", *sys.argv[1:]]
from ketagraph.cli import run
run()
"""


def test_the_release_date_comes_from_the_data_never_the_clock(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    for command, out in (("build", tmp_path / "dist"), ("publish", tmp_path / "site")):
        proc = subprocess.run(
            [sys.executable, "-c", _FAKE_CLOCK, command, "--data", str(DATA), "--out", str(out)],
            capture_output=True,
            text=True,
            env=env,
        )
        assert proc.returncode == 0, proc.stderr
        for path in out.rglob("*"):
            if path.is_file() and path.suffix in {".ttl", ".jsonld", ".html", ".xml", ".nt", ".nq", ".trig", ".rdf"}:
                assert b"2099" not in path.read_bytes(), f"{path} holds the clock's year"
    import yaml
    from rdflib import Graph
    from rdflib.namespace import DCTERMS

    issued = str(yaml.safe_load((DATA / "dataset.yaml").read_text())["dataset"]["issued"])
    void = Graph().parse(tmp_path / "dist" / "void.ttl", format="turtle")
    assert {str(o) for o in void.objects(None, DCTERMS.issued)} == {issued}


def test_every_jsonld_term_is_defined_in_the_context(shipped_build):
    """A property or class missing from the context would come out as a ``schema:``-prefixed key
    or a full IRI: valid JSON-LD, but not the vocabulary web publishers and scripts read."""
    doc = json.loads((shipped_build.out / "ketagraph.jsonld").read_bytes())
    context = json.loads((shipped_build.out / "context.jsonld").read_bytes())["@context"]
    assert doc["@context"] == context
    keys: set[str] = set()
    types: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                keys.add(key)
                if key in ("@type", "type"):
                    types.update(value if isinstance(value, list) else [value])
                if key != "@context":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(doc["@graph"])
    assert len(keys) > 50
    assert sorted(k for k in keys if not k.startswith("@") and k not in context) == []
    assert sorted(t for t in types if t not in context) == []
