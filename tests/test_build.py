"""The release: byte-identical rebuilds, a truthful void.ttl, and atomic replacement."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from rdflib import Graph, Literal, Namespace

from .conftest import DATA, tree_digest

SPDX = Namespace("http://spdx.org/rdf/terms#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

EXPECTED_FILES = {
    "ketagraph.ttl",
    "ketagraph.nt",
    "ketagraph.jsonld",
    "ketagraph.trig",
    "ketagraph.nq",
    "ketagraph.rdf",
    "context.jsonld",
    "ontology.ttl",
    "shapes.ttl",
    "void.ttl",
}


def _build_in_subprocess(out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run(
        [sys.executable, "-m", "ketagraph", "build", "--data", str(DATA), "--out", str(out)],
        check=True,
        env=env,
        capture_output=True,
    )


def test_two_builds_are_byte_identical(tmp_path: Path):
    """Separate processes with different hash seeds: nothing may depend on set or dict order."""
    _build_in_subprocess(tmp_path / "a", "1")
    _build_in_subprocess(tmp_path / "b", "2")
    a, b = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    assert set(a) == EXPECTED_FILES
    assert a == b


def test_void_describes_every_file_with_its_checksum(shipped_build):
    out = shipped_build.out
    void = Graph().parse(out / "void.ttl", format="turtle")
    sums = {
        str(t): str(v)
        for d in void.objects(None, DCAT.distribution)
        for t in void.objects(d, DCTERMS.title)
        for c in void.objects(d, SPDX.checksum)
        for v in void.objects(c, SPDX.checksumValue)
    }
    assert set(sums) == EXPECTED_FILES - {"void.ttl"}
    for name, digest in sums.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest, name
    triples = next(void.objects(None, VOID.triples))
    assert triples == Literal(len(shipped_build.built.graph))


def test_source_date_epoch_sets_the_release_date(tmp_path: Path, monkeypatch):
    from ketagraph.release.build import build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    build(data=DATA, out=tmp_path / "dist")
    void = Graph().parse(tmp_path / "dist" / "void.ttl", format="turtle")
    assert {str(o) for o in void.objects(None, DCTERMS.issued)} == {"2023-11-14"}


def test_a_failed_write_keeps_the_previous_release(tmp_path: Path, built_minimal: Path):
    import shutil

    from ketagraph.errors import InputError
    from ketagraph.release.outputs import write_atomic

    out = tmp_path / "dist"
    shutil.copytree(built_minimal, out)
    before = tree_digest(out)
    try:
        write_atomic(out, {"part": b"x", "part/child.ttl": b"y"})  # 'part' cannot be file and folder
    except InputError as err:
        assert "previous output is unchanged" in str(err)
    else:
        raise AssertionError("write_atomic should have failed")
    assert tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
