"""Every shape has a conforming and a violating fixture, and the violating one reports the right
focus node, message and YAML line. The shapes pass pySHACL's meta-SHACL check.

Cases live in ``tests/fixtures/shape-cases/<case>/``: ``ok.yaml`` and ``bad.yaml`` are each
added to a copy of the minimal data set. The first lines of ``bad.yaml`` say what it must give::

    # shape: kgsh:ClaimShape
    # expect: line=2 focus=c2 component=MinCountConstraintComponent path=schema:text

(``focus`` is an id, or a full IRI in angle brackets; ``path`` is a CURIE or ``-``). The
result must carry the message the shapes file wrote for that constraint.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from ketagraph.checking.shacl import Report, Violation, load_shapes, validate
from ketagraph.reading.graph import new_graph
from ketagraph.reading.pipeline import read_data
from ketagraph.vocab import PREFIXES, kg_iri

from .conftest import FIXTURES, MINIMAL

CASES = FIXTURES / "shape-cases"
KGSH = "https://w3id.org/ketagraph/shapes#"


@dataclass(frozen=True)
class Expect:
    line: int
    focus: URIRef
    component: str
    path: str | None


def _expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    if prefix == "kgsh":
        return URIRef(KGSH + local)
    return URIRef(PREFIXES[prefix] + local)


def _expectations(bad: Path) -> tuple[URIRef, list[Expect]]:
    shape, expects = None, []
    for line in bad.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"#\s*shape:\s*(\S+)", line):
            shape = _expand(m.group(1))
        elif m := re.match(r"#\s*expect:\s*(.*)", line):
            kv = dict(part.split("=", 1) for part in m.group(1).split())
            focus = kv["focus"]
            iri = URIRef(focus[1:-1]) if focus.startswith("<") else kg_iri(focus)
            path = None if kv.get("path", "-") == "-" else kv["path"]
            expects.append(Expect(int(kv["line"]), iri, kv["component"], path))
    assert shape is not None and expects, f"{bad} needs '# shape:' and '# expect:' lines"
    return shape, expects


@cache
def _shapes() -> Graph:
    return load_shapes()


def _belongs_to(shape, node_shape) -> bool:
    """A result's source shape is the node shape itself or one of its property shapes (which
    several node shapes may share, as ``kgsh:identifiersExpected`` is)."""
    return shape == node_shape or (node_shape, SH.property, shape) in _shapes()


def _messages(shape) -> set[str]:
    return {str(m) for m in _shapes().objects(shape, SH.message)}


def _validate_with(tmp_path: Path, extra: Path) -> Report:
    """``extra`` added to a copy of the minimal data; a ``# replaces: FILE`` line drops that file first."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    for m in re.finditer(r"^#\s*replaces:\s*(\S+)", extra.read_text(encoding="utf-8"), flags=re.M):
        (data / m.group(1)).unlink()
    shutil.copy(extra, data / extra.name)
    built = read_data(data)
    # The reference engine: only it reports sh:sourceShape as the very blank node of our shapes
    # graph, which the attribution check below needs. test_engines.py proves turbo agrees.
    return validate(built.graph, locations=built.locations, shapes=_shapes(), engine="pyshacl")


def _case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir()) if CASES.is_dir() else []


@pytest.mark.parametrize("case", _case_dirs(), ids=lambda p: p.name)
def test_conforming_fixture_conforms(case: Path, tmp_path: Path):
    report = _validate_with(tmp_path, case / "ok.yaml")
    assert report.violations == (), report.as_text()


@pytest.mark.parametrize("case", _case_dirs(), ids=lambda p: p.name)
def test_violating_fixture_reports_focus_message_and_line(case: Path, tmp_path: Path):
    bad = case / "bad.yaml"
    shape, expects = _expectations(bad)
    report = _validate_with(tmp_path, bad)
    for exp in expects:
        hits: list[Violation] = [
            v
            for v in report.violations
            if v.focus == exp.focus
            and v.component == exp.component
            and (exp.path is None or v.path == exp.path)
            and v.loc is not None
            and v.loc.path.endswith("bad.yaml")
            and v.loc.line == exp.line
        ]
        assert hits, f"expected {exp} in:\n{report.as_text()}"
        hit = hits[0]
        assert _belongs_to(hit.shape, shape), f"{hit.shape} is not part of {shape}"
        assert hit.message in _messages(hit.shape) | _messages(shape), "the result must carry the shape's sh:message"


# Shapes whose violations the pipeline makes impossible from YAML: they guard graphs made by
# other means (``ketagraph validate FILE.ttl``), and have Turtle fixtures instead.
PIPELINE_GUARANTEED = {
    "OrganizationShape": "model.py makes url and parent single; the linker lets parent name organisations only",
    "VerifiedInShape": "the linker lets sources: name reference_sources only",
    "AuthorshipShape": "the graph stage mints agent, position and IRI together",
}


def test_every_node_shape_has_a_case():
    shapes = {s for s in _shapes().subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)}
    covered = {_expectations(case / "bad.yaml")[0] for case in _case_dirs()}
    missing = {str(s).removeprefix(KGSH) for s in shapes - covered} - set(PIPELINE_GUARANTEED)
    assert not missing, f"node shapes without a YAML fixture case: {sorted(missing)}"
    for name in PIPELINE_GUARANTEED:
        assert (TTL / f"{name}-bad.ttl").is_file(), f"{name} needs a Turtle fixture"


def test_every_constraint_has_a_message_and_a_deliberate_severity():
    g = _shapes()
    for node in g.subjects(RDF.type, SH.NodeShape):
        for shape in [node, *g.objects(node, SH.property)]:
            assert _messages(shape) or _messages(node), f"{shape} has no sh:message"
            if shape != node:
                assert g.value(shape, SH.severity) is not None, f"a property shape of {node} sets no sh:severity"


def test_shapes_pass_meta_shacl():
    import pyshacl

    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=_shapes(), meta_shacl=True)
    assert conforms, text


# -- shapes in isolation, on small Turtle graphs ------------------------------------------------

TTL = FIXTURES / "shapes"


def _ttl_files(suffix: str) -> list[Path]:
    return sorted(TTL.glob(f"*-{suffix}.ttl")) if TTL.is_dir() else []


@pytest.mark.parametrize("path", _ttl_files("ok"), ids=lambda p: p.stem)
def test_turtle_fixture_conforms(path: Path):
    report = validate(Graph().parse(path, format="turtle"), shapes=_shapes(), engine="pyshacl")
    assert report.passes, report.as_text()


@pytest.mark.parametrize("path", _ttl_files("bad"), ids=lambda p: p.stem)
def test_turtle_fixture_violates_as_declared(path: Path):
    report = validate(Graph().parse(path, format="turtle"), shapes=_shapes(), engine="pyshacl")
    nm = new_graph().namespace_manager
    for line in path.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"#\s*expect:\s*(\S+)\s+(\S+)\s+(\S+)", line):
            focus, component, path_ = m.groups()
            focus_iri = URIRef(focus.strip("<>")) if focus.startswith("<") else nm.expand_curie(focus)
            assert any(
                v.focus == focus_iri and v.component == component and (path_ == "-" or v.path == path_)
                for v in report.violations
            ), f"{path.name}: expected {focus} {component} {path_} in\n{report.as_text()}"
