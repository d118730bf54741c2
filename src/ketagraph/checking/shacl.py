"""Stage 4, checking: SHACL over the graph, each result mapped back to the YAML that produced it.

The shapes in ``shapes/`` are the only place where meaning is checked; pyshacl-turbo is the
default engine and pySHACL the reference, and the tests hold them to the same results.

Two verdicts, kept apart: ``conforms`` is SHACL's (true only when there is no result of any
severity: it is what ``sh:conforms`` says in the standard report), and ``passes`` is the release
gate's (true when no result is a ``sh:Violation``; warnings and infos are shown but do not fail a
build).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import RDF, XSD, Graph, Literal, Node, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from ..errors import InputError, Location
from ..resources import ontology_path, shape_files
from . import ENGINES

if TYPE_CHECKING:
    from rdflib.paths import Path as RdfPath

    from ..reading.graph import Built
    from ..reading.partition import Statements

__all__ = ["ENGINES", "Report", "Violation", "load_ontology", "load_shapes", "validate"]

# pyshacl: the reference engine. turbo: pyshacl-turbo, a Rust engine with pySHACL's API, fed
# pyoxigraph stores for both data and shapes (mixing a store with rdflib shapes makes it
# compare "x" with "x"^^xsd:string and report false violations). Tests assert both give the
# same results on every fixture and on generated corpora with planted violations.

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result, in terms a curator can act on."""

    focus: Node
    path: str | None
    value: Node | None
    shape: Node | None
    component: str
    severity: str  # Violation, Warning or Info (the local name of sh:resultSeverity)
    message: str
    loc: Location | None = field(default=None, compare=False)

    def report_text(self) -> str:
        """The result as the text report shows it: file:line, severity, message, node and path."""
        where = f"{self.loc}: " if self.loc else ""
        graph = _prefixed()
        focus = _short(graph, self.focus)
        bits = [f"{where}[{self.severity}] {self.message}", f"    node {focus}"]
        if self.path:
            bits[-1] += f", property {self.path}"
        if self.value is not None:
            bits[-1] += f", value {_short(graph, self.value)}"
        return "\n".join(bits)


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of validation: every result, and the two verdicts of the module docstring."""

    violations: tuple[Violation, ...]  # every result, whatever its severity
    report_graph: Graph

    @property
    def conforms(self) -> bool:
        """SHACL's verdict: no result at all (SHACL 1.0 §3.6.1)."""
        return not self.violations

    @property
    def passes(self) -> bool:
        """The release gate: no result of severity Violation."""
        return not any(v.severity == "Violation" for v in self.violations)

    def count(self, severity: str) -> int:
        return sum(1 for v in self.violations if v.severity == severity)

    def as_text(self) -> str:
        lines = [v.report_text() for v in self.violations]
        n_v, n_w = self.count("Violation"), self.count("Warning")
        if self.conforms:
            lines.append("The data conforms: 0 violation(s), 0 warning(s).")
        elif self.passes:
            lines.append(f"The data passes: 0 violation(s), {n_w} warning(s); warnings do not fail a build.")
        else:
            lines.append(f"The data does not conform: {n_v} violation(s), {n_w} warning(s).")
        return "\n".join(lines)

    def as_json(self) -> str:
        results = [
            {
                "severity": v.severity,
                "message": v.message,
                "file": v.loc.path if v.loc else None,
                "line": v.loc.line if v.loc else None,
                "column": v.loc.column if v.loc else None,
                "focusNode": str(v.focus),
                "resultPath": v.path,
                "value": None if v.value is None else str(v.value),
                # A property shape is a blank node, labelled anew on every run: only a named
                # shape is given, so that the same data always gives the same report.
                "sourceShape": str(v.shape) if isinstance(v.shape, URIRef) else None,
                "sourceConstraintComponent": v.component,
            }
            for v in self.violations
        ]
        doc = {"conforms": self.conforms, "passes": self.passes, "results": results}
        return json.dumps(doc, indent=2, sort_keys=True) + "\n"

    def as_turtle(self) -> str:
        """The standard SHACL validation report, with ``sh:conforms`` as the spec defines it (the
        engines are run with warnings allowed, which makes them write true beside warnings)."""
        graph = Graph(namespace_manager=self.report_graph.namespace_manager)
        graph += self.report_graph
        for report in set(graph.subjects(RDF.type, SH.ValidationReport)):
            graph.set((report, SH.conforms, Literal(self.conforms)))
        return graph.serialize(format="turtle")


def load_shapes(paths: list[Path] | None = None) -> Graph:
    """The shapes graph: every ``shapes/*.ttl`` (or the files given)."""
    g = Graph()
    for p in paths or shape_files():
        try:
            g.parse(p, format="turtle")
        except Exception as err:  # rdflib raises several parser exception types
            raise InputError.one(f"the shapes file cannot be parsed: {err}", Location.at(p, 1)) from None
    return g


def load_ontology() -> Graph:
    g = Graph()
    g.parse(ontology_path(), format="turtle")
    return g


def validate(
    data: Built | Graph | Statements,
    *,
    locations: dict[URIRef, Location] | None = None,
    shapes: Graph | None = None,
    engine: str = "turbo",
) -> Report:
    """Validate ``data`` with SHACL; map each result's focus node to its YAML location.

    No inference and no ontology mix-in: every node carries its ``kgo:`` class and the
    schema.org class it refines explicitly, so ``sh:class`` needs no subclass reasoning (and
    pySHACL's ``ont_graph`` mix-in clones the data graph, which costs more than validating).
    """
    from ..reading.partition import Statements

    if isinstance(data, Statements) and engine != "turbo":
        raise ValueError("statements read in two processes are for the turbo engine; read a Built for pySHACL")
    if engine == "pyshacl":
        report_graph = _pyshacl(data, shapes if shapes is not None else load_shapes())
    elif engine == "turbo":
        report_graph = _turbo(data, shapes)
    else:
        raise InputError.one(f"unknown engine '{engine}'; choose one of: {', '.join(ENGINES)}")
    locations = locations or {}
    violations = [_violation(report_graph, r, locations) for r in report_graph.objects(None, SH.result)]
    violations.sort(key=_sort_key)
    return Report(tuple(violations), report_graph)


def _pyshacl(data: Built | Graph, shapes: Graph) -> Graph:
    import pyshacl

    from ..reading.graph import Built

    graph = data.graph if isinstance(data, Built) else data
    if not graph.store.context_aware:  # pySHACL wraps the data in a ConjunctiveGraph
        copy = Graph()
        copy.addN((s, p, o, copy) for s, p, o in graph)
        graph = copy
    _, report_graph, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    return report_graph


def _turbo(data: Built | Graph | Statements, shapes: Graph | None) -> Graph:
    """pyshacl-turbo over the graph stage's own terms, written once as N-Triples (:mod:`.turbo`)."""
    from ..reading.graph import Built
    from ..reading.partition import Statements
    from .turbo import shapes_store, validate_ntriples, validate_triples

    if isinstance(data, Statements):
        return validate_ntriples(data.nt, shapes_store(graph=shapes))
    built = data if isinstance(data, Built) else Built.from_graph(data)
    return validate_triples(built.triples, shapes_store(graph=shapes))


def _plain(term: Node | None) -> Node | None:
    """``"x"^^xsd:string`` as ``"x"``: the same RDF 1.1 term, spelt the way rdflib spells it."""
    if isinstance(term, Literal) and term.datatype == XSD.string and not term.language:
        return Literal(str(term))
    return term


def _violation(rg: Graph, result: Node, locations: dict[URIRef, Location]) -> Violation:
    focus = rg.value(result, SH.focusNode)
    severity = rg.value(result, SH.resultSeverity)
    component = rg.value(result, SH.sourceConstraintComponent)
    messages = sorted(str(m) for m in rg.objects(result, SH.resultMessage))
    path = rg.value(result, SH.resultPath)
    return Violation(
        focus=focus,
        path=_path_text(rg, path) if path is not None else None,
        value=_plain(rg.value(result, SH.value)),
        shape=rg.value(result, SH.sourceShape),
        component=str(component).removeprefix(str(SH)),
        severity=str(severity).removeprefix(str(SH)),
        message=messages[0] if messages else "constraint not met",
        loc=locations.get(focus) if isinstance(focus, URIRef) else None,
    )


@cache
def _prefixed() -> Graph:
    """An empty graph bound to the project's prefixes: IRIs print the same whatever the engine."""
    from ..reading.graph import new_graph

    return new_graph()


def _path_text(rg: Graph, path: Node | RdfPath) -> str:
    """A SHACL property path in SPARQL syntax: ``schema:about``, ``^kgo:hasAttribution``, ``(a|b)``."""
    if isinstance(path, URIRef):
        return _prefixed().namespace_manager.normalizeUri(path)
    if (path, RDF.first, None) in rg:
        return "/".join(_path_text(rg, p) for p in Collection(rg, path))
    for predicate, template in _PATH_FORMS.items():
        inner = rg.value(path, predicate)
        if inner is not None:
            if predicate == SH.alternativePath:
                return "(" + "|".join(_path_text(rg, p) for p in Collection(rg, inner)) + ")"
            return template.format(_path_text(rg, inner))
    return str(path)


_PATH_FORMS = {
    SH.inversePath: "^{}",
    SH.alternativePath: "({})",
    SH.zeroOrMorePath: "{}*",
    SH.oneOrMorePath: "{}+",
    SH.zeroOrOnePath: "{}?",
}


def _short(graph: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        return graph.namespace_manager.normalizeUri(node)
    if isinstance(node, Literal):
        return node.n3(graph.namespace_manager)
    return str(node)


def _sort_key(v: Violation) -> tuple:
    loc = v.loc or Location("~", 0)
    return (loc.path, loc.line, loc.column, _SEVERITY_ORDER.get(v.severity, 9), str(v.focus), v.path or "", v.message)
