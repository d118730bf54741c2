"""Every export, read back by rdflib and by independent parsers (rapper, serdi, pyld), is
isomorphic to the built graph. Graphs are compared by isomorphism, never as strings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

RAPPER_SYNTAX = {
    "ketagraph.ttl": "turtle",
    "ketagraph.nt": "ntriples",
    "ketagraph.trig": "trig",
    "ketagraph.nq": "nquads",
    "ketagraph.rdf": "rdfxml",
}
SERDI_SYNTAX = {
    "ketagraph.ttl": "turtle",
    "ketagraph.nt": "ntriples",
    "ketagraph.trig": "trig",
    "ketagraph.nq": "nquads",
}
RDFLIB_SYNTAX = {
    "ketagraph.ttl": "turtle",
    "ketagraph.nt": "nt",
    "ketagraph.trig": "trig",
    "ketagraph.nq": "nquads",
    "ketagraph.rdf": "xml",
    "ketagraph.jsonld": "json-ld",
}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run installs it")
        pytest.skip(f"{name} is not installed (Debian package {'raptor2-utils' if name == 'rapper' else name})")
    return path


def _union(path: Path, fmt: str) -> Graph:
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(path, format=fmt)
        g = Graph()
        for s, p, o, _ in ds.quads():
            g.add((s, p, o))
        return g
    return Graph().parse(path, format=fmt)


def _from_ntriples(text: str) -> Graph:
    return Graph().parse(data=text, format="nt")


@pytest.mark.parametrize("name", sorted(RDFLIB_SYNTAX))
def test_rdflib_reads_back_every_export(shipped_build, name: str):
    back = _union(shipped_build.out / name, RDFLIB_SYNTAX[name])
    assert isomorphic(back, shipped_build.built.graph)


@pytest.mark.parametrize("name", sorted(RAPPER_SYNTAX))
def test_rapper_reads_back(shipped_build, name: str):
    rapper = _tool("rapper")
    proc = subprocess.run(
        [
            rapper,
            "-q",
            "-i",
            RAPPER_SYNTAX[name],
            "-o",
            "ntriples",
            str(shipped_build.out / name),
            "http://base.invalid/",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    # rapper writes quads' graph names away in ntriples output: the union graph is what we compare.
    assert isomorphic(_from_ntriples(proc.stdout), shipped_build.built.graph)


@pytest.mark.parametrize("name", sorted(SERDI_SYNTAX))
def test_serdi_reads_back(shipped_build, name: str):
    serdi = _tool("serdi")
    out_syntax = "nquads" if SERDI_SYNTAX[name] in ("trig", "nquads") else "ntriples"
    proc = subprocess.run(
        [serdi, "-i", SERDI_SYNTAX[name], "-o", out_syntax, str(shipped_build.out / name)],
        capture_output=True,
        text=True,
        check=True,
    )
    if out_syntax == "nquads":
        ds = Dataset()
        ds.parse(data=proc.stdout, format="nquads")
        g = Graph()
        for s, p, o, _ in ds.quads():
            g.add((s, p, o))
    else:
        g = _from_ntriples(proc.stdout)
    assert isomorphic(g, shipped_build.built.graph)


def test_pyld_reads_back_the_jsonld(shipped_build):
    from pyld import jsonld

    doc = json.loads((shipped_build.out / "ketagraph.jsonld").read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    assert isomorphic(_from_ntriples(nquads), shipped_build.built.graph)


def test_context_file_is_the_context_of_the_export(shipped_build):
    ctx = json.loads((shipped_build.out / "context.jsonld").read_text(encoding="utf-8"))
    doc = json.loads((shipped_build.out / "ketagraph.jsonld").read_text(encoding="utf-8"))
    assert ctx["@context"] == doc["@context"]


def test_released_ontology_and_shapes_parse(shipped_build):
    for name in ("ontology.ttl", "shapes.ttl", "void.ttl"):
        assert len(Graph().parse(shipped_build.out / name, format="turtle")) > 0


def test_jsonld_compaction_equals_pylds_own(shipped_build):
    """The one-pass compaction gives what pyld's general algorithm gives (arrays compared as sets)."""
    from pyld import jsonld

    from ketagraph.release.export.jsonld import compact, context, expanded

    graph = shipped_build.built.graph
    ours = {n["id"]: n for n in compact(graph)["@graph"]}
    reference = {n["id"]: n for n in jsonld.compact(expanded(graph), context(), {"graph": True})["@graph"]}

    def norm(x):
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items()}
        if isinstance(x, list):
            return sorted((norm(v) for v in x), key=lambda v: json.dumps(v, sort_keys=True))
        return x

    assert ours.keys() == reference.keys()
    for key, node in ours.items():
        assert norm(node) == norm(reference[key]), key
