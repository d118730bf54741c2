"""``ketagraph query``: SPARQL over an embedded store, no server needed.

The store is pyoxigraph's in-memory store, loaded from the same sorted N-Quads the release
writes: every voice's named graph and the curators' graph are there, and the default graph
is their union, so the competency questions run unchanged here, on ``ketagraph serve`` and on
any store whose default graph is the union of its named graphs. (Why pyoxigraph
rather than rdflib's engine: ``benchmarks/query_engines.py`` measures both.)

Variables are bound with SPARQL substitutions (``--bind name=value``), never by pasting text
into the query, so a value cannot change the query's meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, Location
from ..resources import queries_dir
from ..vocab import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ..reading.graph import Built

__all__ = [
    "RESULT_FORMATS",
    "QueryFile",
    "find_query",
    "list_queries",
    "open_store",
    "parse_binding",
    "query_variables",
    "read_query",
    "run",
]

RESULT_FORMATS = ("table", "json", "xml", "csv", "tsv", "turtle")


@dataclass(frozen=True, slots=True)
class QueryFile:
    """A competency question: its name (file stem), question and SPARQL text."""

    name: str
    path: Path
    question: str

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def list_queries(folder: Path | None = None) -> list[QueryFile]:
    out = []
    for path in sorted((folder or queries_dir()).glob("*.rq")):
        m = re.search(r"^#\s*question:\s*(.+)$", path.read_text(encoding="utf-8"), flags=re.M)
        out.append(QueryFile(path.stem, path, m.group(1).strip() if m else ""))
    return out


def find_query(name: str, folder: Path | None = None) -> QueryFile:
    """A query by file stem (``02-migraine-symptoms``), by number (``02``) or by name (``migraine-symptoms``)."""
    queries = list_queries(folder)
    for q in queries:
        number, _, rest = q.name.partition("-")
        if name in (q.name, number, rest):
            return q
    names = ", ".join(q.name for q in queries)
    raise InputError.one(f"no query named '{name}'; `ketagraph query --list` shows them: {names}")


def read_query(spec: str, stdin_text: str | None = None) -> str:
    """The text of QUERY: ``-`` (standard input), a ``.rq`` file, or a name from ``queries/``."""
    if spec == "-":
        return stdin_text or ""
    path = Path(spec)
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise InputError.one(f"query file '{spec}' does not exist")
        return path.read_text(encoding="utf-8")
    return find_query(spec).text


def open_store(built: Built) -> ox.Store:
    """An in-memory pyoxigraph store holding the graph, with each voice in its named graph."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(built.quads)
    return store


def parse_binding(text: str) -> tuple[str, ox.NamedNode | ox.Literal]:
    """``name=value``, the value an RDF term: ``<iri>``, ``prefix:local`` (a known prefix),
    ``"text"``, ``"text"@en``, ``"text"^^<datatype>``, a number, ``true``/``false``, or a bare
    word (plain text: shells drop the quotes of ``name="text"``). Anything else that looks like a
    term but is not one (``<not an iri``, ``foo:bar`` with an unknown prefix) is refused, never
    turned into text."""
    name, sep, value = text.partition("=")
    name = name.strip().lstrip("?$")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise InputError.one(f"--bind '{text}' is not NAME=VALUE (for example --bind drug=kg:ketamine)")
    try:
        return name, _term(value)
    except ValueError as err:
        raise InputError.one(f"--bind '{text}': {err}") from None


_XSD = "http://www.w3.org/2001/XMLSchema#"


def _term(value: str) -> ox.NamedNode | ox.Literal:
    import pyoxigraph as ox

    if value.startswith("<"):
        if not value.endswith(">"):
            raise ValueError(
                "an IRI opens with < and must close with >, as in <https://w3id.org/ketagraph/id/ketamine>"
            )
        return _iri(value[1:-1])
    if value.startswith('"'):
        m = re.fullmatch(r'"(.*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?', value, flags=re.S)
        if not m:
            raise ValueError('text opens with " and must close with ", optionally followed by @lang or ^^datatype')
        if m.group(2):
            return ox.Literal(m.group(1), language=m.group(2))
        if m.group(3):
            return ox.Literal(m.group(1), datatype=_term_iri(m.group(3)))
        return ox.Literal(m.group(1))
    if re.fullmatch(r"[+-]?\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + "integer"))
    if re.fullmatch(r"[+-]?\d*\.\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + "decimal"))
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+", value):
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + "double"))
    if value in ("true", "false"):
        return ox.Literal(value, datatype=ox.NamedNode(_XSD + "boolean"))
    if ":" in value:
        return _term_iri(value)
    return ox.Literal(value)


def _term_iri(value: str) -> ox.NamedNode:
    """``<iri>`` or ``prefix:local`` with a known prefix."""
    if value.startswith("<") and value.endswith(">"):
        return _iri(value[1:-1])
    prefix, _, local = value.partition(":")
    if prefix not in PREFIXES:
        hint = f"<{value}>" if local.startswith("//") else f'"{value}"'
        raise ValueError(
            f"unknown prefix '{prefix}:'; known prefixes are {', '.join(sorted(PREFIXES))}. "
            f"Write an IRI in angle brackets, or text in quotes (such as {hint})"
        )
    return _iri(PREFIXES[prefix] + local)


def _iri(text: str) -> ox.NamedNode:
    import pyoxigraph as ox

    try:
        return ox.NamedNode(text)
    except ValueError as err:
        raise ValueError(f"<{text}> is not an absolute IRI ({err})") from None


def query_variables(text: str) -> set[str] | None:
    """Every variable the query mentions (without ``?``), read by rdflib's SPARQL parser; None
    when that parser cannot read the query (pyoxigraph may still run it)."""
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.term import Variable

    try:
        parsed = parseQuery(text)
    except Exception:  # pyparsing's ParseException and friends: leave the verdict to pyoxigraph
        return None
    found: set[str] = set()
    stack: list = [parsed]
    while stack:
        item = stack.pop()
        if isinstance(item, Variable):
            found.add(str(item))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple) or type(item).__name__ == "ParseResults":
            stack.extend(item)
    return found


def run(store: ox.Store, text: str, *, bindings: list[str] = (), fmt: str = "table", source: str = "query") -> bytes:
    """Run ``text`` on ``store`` and render the answer in ``fmt`` (see :data:`RESULT_FORMATS`).

    A malformed query raises :class:`InputError` with the parser's line and column.
    """

    terms = dict(parse_binding(b) for b in bindings)
    if terms:
        _check_bound_names(text, terms, source)
    try:
        result = _query(store, text, terms)
    except SyntaxError as err:
        m = re.search(r"(\d+):(\d+)", str(err))
        loc = Location(source, int(m.group(1)), int(m.group(2))) if m else Location(source, 1)
        raise InputError.one(f"the query is not valid SPARQL: {err}", loc) from None
    except (OSError, ValueError, RuntimeError) as err:  # pyoxigraph's evaluation and binding errors
        raise InputError.one(f"the query cannot run: {err}; check --bind names against the query's variables") from None
    return _render(result, fmt)


def _check_bound_names(text: str, terms: dict, source: str) -> None:
    """A ``--bind`` for a variable the query does not use would run the query unfiltered: refuse it."""
    known = query_variables(text)
    if known is None:
        return
    unknown = sorted(set(terms) - known)
    if unknown:
        names = ", ".join(f"?{v}" for v in sorted(known)) or "none"
        raise InputError.one(
            f"--bind names {', '.join(unknown)}, which {source} does not use; its variables are: {names}"
        )


def _query(store: ox.Store, text: str, terms: dict):
    """Bind through pyoxigraph's substitutions; for variables the query does not project, join a
    trailing ``VALUES`` block (SPARQL 1.1 §10.2.2) built from the parsed terms. Either way a value
    is an RDF term written in escaped N-Triples form, never the user's text."""
    import pyoxigraph as ox

    projected = {v.value for v in _projection(store, text)} if terms else set()
    subs = {ox.Variable(n): t for n, t in terms.items() if n in projected}
    rest = {n: t for n, t in terms.items() if n not in projected}
    if rest:
        names = " ".join(f"?{n}" for n in rest)
        row = " ".join(str(t) for t in rest.values())
        text = f"{text.rstrip()}\nVALUES ({names}) {{ ({row}) }}\n"
    return store.query(text, substitutions=subs or None, use_default_graph_as_union=True)


def _projection(store: ox.Store, text: str) -> list:
    """The SELECT variables of ``text`` (none for other query forms), read from a dry run."""
    import pyoxigraph as ox

    result = store.query(text, default_graph=ox.NamedNode("urn:ketagraph:empty"))
    return list(result.variables) if isinstance(result, ox.QuerySolutions) else []


def _render(result, fmt: str) -> bytes:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryTriples):
        if fmt not in ("turtle", "table"):
            raise InputError.one(f"a CONSTRUCT or DESCRIBE query answers RDF: use --format turtle, not {fmt}")
        from ..release.export.rdf import tidy_turtle

        triples = sorted(result, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        return tidy_turtle(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))
    if fmt == "turtle":
        raise InputError.one("--format turtle is for CONSTRUCT and DESCRIBE queries; use table, json, xml, csv or tsv")
    if fmt == "table":
        return _table(result).encode()
    results_format = getattr(ox.QueryResultsFormat, fmt.upper())
    return result.serialize(format=results_format)


def _compact(term) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns) and re.fullmatch(r"[A-Za-z0-9_.-]*", term.value[len(ns) :]):
                return f"{prefix}:{term.value[len(ns) :]}"
        return f"<{term.value}>"
    return term.value


def _table(result) -> str:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return ("yes" if bool(result) else "no") + "\n"
    names = [v.value for v in result.variables]
    rows = [[_compact(sol[v]) for v in names] for sol in result]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(names), line(["-" * w for w in widths]), *(line(r) for r in rows), f"({len(rows)} rows)"]
    return "\n".join(out) + "\n"
