"""Stage 1, load: YAML files → typed records, each value carrying the file and line it came from.

PyYAML composes the node tree (with the C parser when present); the records are built from
the nodes, not from constructed Python objects, so every key, scalar, boolean and null keeps
its ``start_mark``. What is refused here, with file and line: YAML files in sub-folders of the
data folder, undecodable bytes and macOS metadata files, YAML syntax (a tab, a quote left open and
a git conflict marker each named as such), aliases (which also stops "billion laughs"), duplicate
keys, unknown kinds and keys, and values of the wrong type. Nothing about meaning is checked here:
that is SHACL's job.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import yaml

from ..errors import InputError, Location, Problem, display_path
from ..model import KINDS, MATCH_RELATIONS, SLUG_PATTERN, Field, Kind
from ..schemes import CurieError, split_curie

__all__ = ["Record", "Value", "data_files", "load", "load_file"]

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, with plain scalars resolved once per distinct value.

    Even the C composer calls the Python resolver for every scalar, and it ran once per key and
    per value (1.7 million calls at 1M triples). A plain scalar's tag depends on its text alone
    (the safe loaders have no path resolvers), so keys, ids and enum words, which repeat, are
    resolved once; a quoted scalar is always a string.
    """

    _tags: ClassVar[dict[str, str]] = {}

    # The safe loaders have no path resolvers: skip the two Python calls per node that track paths.
    def descend_resolver(self, current_node, current_index) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind, value, implicit):  # type: ignore[override]
        if kind is yaml.ScalarNode:
            if not implicit[0]:
                return _STR
            tag = self._tags.get(value)
            if tag is None:
                if len(self._tags) > 200_000:
                    self._tags.clear()
                tag = self._tags[value] = super().resolve(kind, value, implicit)
            return tag
        return super().resolve(kind, value, implicit)


_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAX_PROBLEMS = 50


@dataclass(frozen=True, slots=True)
class Value:
    """A typed scalar from the YAML, with its location (left out of comparison)."""

    value: Any
    loc: Location = field(compare=False)


@dataclass(frozen=True, slots=True)
class Record:
    """One item of a kind: its fields as :class:`Value` (lists for ``many`` fields)."""

    kind: str
    loc: Location = field(compare=False)
    fields: dict[str, Any]

    @property
    def id(self) -> str:
        return self.fields["id"].value if "id" in self.fields else ""

    def get(self, key: str) -> Any:
        return self.fields.get(key)


_YAML_SUFFIXES = (".yaml", ".yml")


def data_files(data_dir: Path) -> list[Path]:
    """The YAML files of a data folder, sorted, so that every run reads them in one order.

    Read: the ``*.yaml`` and ``*.yml`` files directly in ``data_dir``. Not read: hidden files
    (``.*``: macOS ``._*`` and ``.DS_Store``, editor locks and swap files) and editor backups
    (``*~``, ``#*#``). A YAML file in a sub-folder is refused, once per sub-folder, so that no
    data silently drops out of a release and no archived copy is read as data.
    """
    if not data_dir.exists():
        raise InputError.one(f"data folder '{data_dir}' does not exist; pass --data DIR with your YAML files")
    if not data_dir.is_dir():
        raise InputError.one(f"'{data_dir}' is not a folder; pass --data DIR, or give YAML files as arguments")
    files: list[Path] = []
    problems: list[Problem] = []
    for p in sorted(data_dir.iterdir()):
        if _is_debris(p.name):
            continue
        if p.is_dir():
            nested = _nested_yaml(p)
            if nested:
                problems.append(_sub_folder_problem(data_dir, p, nested))
        elif p.name.lower().endswith(_YAML_SUFFIXES) and p.is_file():
            files.append(p)
    if problems:
        raise InputError(problems)
    if not files:
        raise InputError.one(f"data folder '{data_dir}' holds no .yaml files; add at least one (see README)")
    return files


def _is_debris(name: str) -> bool:
    """Hidden files and what editors and operating systems leave beside a file: never data."""
    return name.startswith((".", "#")) or name.endswith("~")


def _nested_yaml(folder: Path) -> list[Path]:
    """The YAML files anywhere under ``folder`` (its own first), leaving out hidden folders and
    debris and not following links to folders."""
    found: list[Path] = []
    below: list[Path] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:  # unreadable: nothing in it can be read as data either
        return []
    for p in entries:
        if _is_debris(p.name):
            continue
        if p.is_dir():
            if not p.is_symlink():
                below.extend(_nested_yaml(p))
        elif p.name.lower().endswith(_YAML_SUFFIXES) and p.is_file():
            found.append(p)
    return found + below


def _sub_folder_problem(data_dir: Path, folder: Path, nested: list[Path]) -> Problem:
    names = [str(p.relative_to(folder)) for p in nested]
    shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
    data, sub = display_path(data_dir), display_path(folder)
    return Problem(
        f"'{sub}' holds {len(names)} YAML file{'s' if len(names) > 1 else ''} ({shown}), but only the YAML "
        f"files directly in '{data}' are read; move those that are data up into '{data}', and the folder out of it",
        Location.at(nested[0], 1),
    )


def load(paths: list[Path], *, on_file: Callable[[], None] | None = None) -> list[Record]:
    """Load and type-check every file; raise one :class:`InputError` listing every problem."""
    records: list[Record] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            records.extend(load_file(path))
        except InputError as err:
            problems.extend(err.problems)
        if on_file is not None:
            on_file()
    if problems:
        raise InputError(problems[:_MAX_PROBLEMS])
    return records


def load_file(path: Path) -> list[Record]:
    """Records of one YAML file."""
    text = _read_text(path)
    _refuse_conflict_markers(path, text)
    try:
        _refuse_aliases(path, text)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        raise InputError([_yaml_problem(path, text, err)]) from None
    except yaml.YAMLError as err:  # pragma: no cover - PyYAML always marks parse errors
        raise InputError.one(f"not valid YAML: {err}", Location.at(path, 1)) from None
    reader = _Reader(path)
    records = list(reader.records(root))
    if reader.problems:
        raise InputError(reader.problems)
    return records


_MARKER = re.compile(r"^(<{7}|\|{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def _refuse_conflict_markers(path: Path, text: str) -> None:
    """A file left mid-merge: one problem per conflict, at its ``<<<<<<<`` line, and one per stray marker."""
    if "<<<<<<<" not in text and "=======" not in text and ">>>>>>>" not in text:
        return
    problems: list[Problem] = []
    inside = False
    for m in _MARKER.finditer(text):
        opens, closes = m.group(1)[0] == "<", m.group(1)[0] == ">"
        if not inside or opens:
            line = text.count("\n", 0, m.start()) + 1
            problems.append(
                Problem(
                    f"unresolved git merge conflict marker at line {line}: "
                    "resolve the conflict, keep one side, and remove the markers",
                    Location.at(path, line),
                )
            )
        inside = (inside or opens) and not closes
    if problems:
        raise InputError(problems)


def _refuse_aliases(path: Path, text: str) -> None:
    """Curated data needs no aliases, and refusing them stops "billion laughs" before any expansion.

    Composed nodes cannot tell an alias from its anchor, so the (C-speed) event stream is
    scanned, and only when the text has a ``*`` at all.
    """
    if "*" not in text:
        return
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            raise InputError.one(
                f"YAML aliases (*{event.anchor}) are not supported; write the value out in full",
                Location.at(path, mark.line + 1, mark.column + 1),
            )


_APPLE_DOUBLE = b"\x00\x05\x16\x07"  # the magic number of macOS "._name" resource files


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError.one(f"cannot read the file: {err.strerror}", Location.at(path, 1)) from None
    if raw.startswith(_APPLE_DOUBLE):
        raise InputError.one(
            "this is a macOS metadata file (AppleDouble, left by copying to a non-Mac drive), not data; delete it",
            Location.at(path, 1),
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise InputError.one(
            f"the file is not UTF-8 (byte 0x{raw[err.start]:02x}); save it as UTF-8",
            Location.at(path, line, column),
        ) from None


def _yaml_problem(path: Path, text: str, err: yaml.MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    loc = Location.at(path, mark.line + 1, mark.column + 1) if mark else Location.at(path, 1)
    what = err.problem or str(err)
    lines = text.splitlines()
    line = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in line[: (mark.column + 1 if mark else 0)] or "\\t" in what:
        what += "; YAML does not allow tabs for indentation: indent with spaces"
    elif (quote := _runaway_quote(text, err)) is not None:
        opened, ran_to = quote
        char = text[opened.index]
        until = (
            "to the end of the file"
            if ran_to is None
            else f"to the next {char} (line {ran_to.line + 1}, column {ran_to.column}) and failed after it"
        )
        return Problem(
            f"YAML syntax error: a quote ({char}) opened here is not closed; YAML read on {until}: "
            "close it on this line",
            Location.at(path, opened.line + 1, opened.column + 1),
        )
    else:
        what += "; check the indentation and the quoting on this line and the one before"
    return Problem(f"YAML syntax error: {what}", loc)


def _runaway_quote(text: str, err: yaml.MarkedYAMLError) -> tuple[yaml.Mark, yaml.Mark | None] | None:
    """Where a quote that was never closed opens, and where YAML's reading of it ended (None: at
    the end of the file), or None if the error has another cause.

    PyYAML reports a quote left open where it gives up: at the end of the file, or just after the
    next quote in the file, which it took as the closing one. The error is then on the last line
    of a quoted scalar that spans lines.
    """
    if err.context == "while scanning a quoted scalar" and err.context_mark is not None:
        return err.context_mark, None
    if err.problem_mark is None:
        return None
    at = err.problem_mark.index
    last = None
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            if token.end_mark.index > at:
                break
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass
    if (
        last is not None
        and last.style in ("'", '"')
        and last.start_mark.line < last.end_mark.line == err.problem_mark.line
    ):
        return last.start_mark, last.end_mark
    return None


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"{hint}; expected one of: {', '.join(choices)}"


class _Reader:
    """Turns one composed YAML tree into records, collecting every problem it meets."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = display_path(path)  # resolved once per file, not once per value
        self.problems: list[Problem] = []

    def loc(self, node: yaml.Node) -> Location:
        return Location(self.shown, node.start_mark.line + 1, node.start_mark.column + 1)

    def fail(self, message: str, node: yaml.Node | None) -> None:
        self.problems.append(Problem(message, self.loc(node) if node is not None else Location.at(self.path, 1)))

    def pairs(self, node: yaml.MappingNode) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
        """Key/value pairs with string keys; duplicate keys are reported with both lines."""
        first: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _NULL:
                self.fail("a key must be a plain word", key_node)
                continue
            key = key_node.value
            if key in first:
                self.fail(f"duplicate key '{key}' (first at line {first[key].start_mark.line + 1}); keep one", key_node)
                continue
            first[key] = key_node
            yield key, key_node, value_node

    def records(self, root: yaml.Node | None) -> Iterator[Record]:
        if root is None:
            self.fail("the file is empty; a data file holds kinds such as 'drugs:' with a list of items", None)
            return
        if not isinstance(root, yaml.MappingNode):
            shape = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
            self.fail(f"the top level is {shape}; it must be a mapping of kinds, such as 'drugs:' or 'claims:'", root)
            return
        for key, key_node, value_node in self.pairs(root):
            kind = KINDS.get(key)
            if kind is None:
                self.fail(f"unknown kind '{key}'{_did_you_mean(key, sorted(KINDS))}", key_node)
                continue
            if kind.single:
                if isinstance(value_node, yaml.MappingNode):
                    yield from self.item(kind, value_node)
                else:
                    self.fail(f"'{key}' holds one mapping of keys, not a list or a value", value_node)
                continue
            if not isinstance(value_node, yaml.SequenceNode):
                self.fail(f"'{key}' must be a list of items, each starting with '- id:'", value_node)
                continue
            for item in value_node.value:
                yield from self.item(kind, item)

    def item(self, kind: Kind, node: yaml.Node) -> Iterator[Record]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(f"an item of '{kind.key}' must be a mapping of keys (such as 'id: ...')", node)
            return
        values: dict[str, Any] = {}
        before = len(self.problems)
        for key, key_node, value_node in self.pairs(node):
            spec = kind.field(key)
            if spec is None:
                choices = [f.key for f in kind.all_fields]
                self.fail(f"unknown key '{key}' for {kind.key}{_did_you_mean(key, choices)}", key_node)
                continue
            value = self.field_value(kind, spec, value_node)
            if value is not None:
                values[key] = value
        required = "id" if kind.node else "curie"
        if required not in values and len(self.problems) == before:
            what = f"the '{kind.key}' mapping" if kind.single else f"this item of '{kind.key}'"
            self.fail(f"{what} has no '{required}'; every item needs one", node)
            return
        if len(self.problems) == before:
            yield Record(kind.key, self.loc(node), values)

    # -- values -------------------------------------------------------------------------------

    def field_value(self, kind: Kind, spec: Field, node: yaml.Node) -> Any:
        if spec.type == "identifiers":
            return self.identifiers(node)
        if spec.type == "quantity":
            return self.quantity(spec, node)
        if spec.many or spec.type == "authors":
            if isinstance(node, yaml.MappingNode):
                self.fail(f"'{spec.key}' takes a list of values, not a mapping", node)
                return None
            nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
            out = [self.scalar(kind, spec, n) for n in nodes]
            return None if any(v is None for v in out) else out
        return self.scalar(kind, spec, node)

    def identifiers(self, node: yaml.Node) -> dict[str, list[Value]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.fail("'identifiers' maps a relation (exact, close, broad, narrow, related) to a list of CURIEs", node)
            return None
        out: dict[str, list[Value]] = {}
        spec = Field("identifiers", "curie", many=True)
        for relation, key_node, value_node in self.pairs(node):
            if relation not in MATCH_RELATIONS:
                self.fail(
                    f"unknown match relation '{relation}'{_did_you_mean(relation, list(MATCH_RELATIONS))}", key_node
                )
                continue
            values = self.field_value(KINDS["drugs"], spec, value_node)
            if values is not None:
                out[relation] = values
        return out

    def quantity(self, spec: Field, node: yaml.Node) -> dict[str, Value] | None:
        """``{value: 0.3, unit: mg/kg}``: a number and its UCUM unit code, both required."""
        if not isinstance(node, yaml.MappingNode):
            self.fail(f"'{spec.key}' takes a mapping such as {{value: 0.3, unit: mg/kg}} (unit as a UCUM code)", node)
            return None
        parts = {"value": Field("value", "decimal"), "unit": Field("unit", "unit")}
        out: dict[str, Value] = {}
        for key, key_node, value_node in self.pairs(node):
            if key not in parts:
                self.fail(f"unknown key '{key}' in '{spec.key}'{_did_you_mean(key, list(parts))}", key_node)
                continue
            v = self.scalar(KINDS["drugs"], parts[key], value_node)
            if v is not None:
                out[key] = v
        missing = [k for k in parts if k not in out]
        if missing and len(out) + len(missing) == len(parts):
            self.fail(f"'{spec.key}' needs {' and '.join(missing)}, as in {{value: 0.3, unit: mg/kg}}", node)
            return None
        return out if not missing else None

    def scalar(self, kind: Kind, spec: Field, node: yaml.Node) -> Value | None:
        if not isinstance(node, yaml.ScalarNode):
            what = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            plural = " (or a list of them)" if spec.many else ""
            self.fail(f"'{spec.key}' takes {_TYPE_WORDS[spec.type]}{plural}, not {what}", node)
            return None
        if node.tag == _NULL:
            self.fail(f"'{spec.key}' is empty; give {_TYPE_WORDS[spec.type]} or remove the key", node)
            return None
        try:
            value = _CONVERT[spec.type](node, spec)
        except ValueError as err:
            self.fail(f"'{spec.key}': {err}", node)
            return None
        return Value(value, self.loc(node))


_SLUG = re.compile(SLUG_PATTERN)

_TYPE_WORDS = {
    "id": "an id (lower-case words joined by hyphens)",
    "text": "text",
    "integer": "a whole number",
    "decimal": "a number",
    "date": "a date written YYYY-MM-DD",
    "year": "a year written YYYY",
    "yearmonth": "a month written YYYY-MM",
    "unit": "a UCUM unit code such as mg, mg/kg or ug/kg",
    "quantity": "a value with its unit",
    "url": "an http(s) URL",
    "ref": "the id of another item",
    "enum": "one of a fixed set of words",
    "curie": "an identifier written PREFIX:ID",
    "identifiers": "a mapping of relations to CURIEs",
    "authors": "the ids of the authors, in order",
}


def _text(node: yaml.ScalarNode, spec: Field) -> str:
    value = node.value.strip()
    if not value:
        raise ValueError("is empty; write the text or remove the key")
    return value


def _integer(node: yaml.ScalarNode, spec: Field) -> int:
    if node.tag != _INT:
        raise ValueError(f"expected a whole number, got '{node.value}'")
    return int(node.value.replace("_", ""), 0)


def _decimal(node: yaml.ScalarNode, spec: Field) -> Decimal:
    if node.tag not in (_INT, _FLOAT):
        raise ValueError(f"expected a number, got '{node.value}'")
    try:
        return Decimal(node.value.replace("_", ""))
    except InvalidOperation:
        raise ValueError(f"expected a number, got '{node.value}'") from None


def _date(node: yaml.ScalarNode, spec: Field) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", node.value):
        raise ValueError(f"'{node.value}' is not a date; write it YYYY-MM-DD, for example 2021-10-01")
    try:
        return dt.date.fromisoformat(node.value)
    except ValueError:
        raise ValueError(f"'{node.value}' is not a real calendar date; check month and day") from None


def _year(node: yaml.ScalarNode, spec: Field) -> str:
    if not re.fullmatch(r"\d{4}", node.value):
        raise ValueError(f"'{node.value}' is not a year; write four digits, for example 1995")
    return node.value


def _yearmonth(node: yaml.ScalarNode, spec: Field) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})", node.value)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"'{node.value}' is not a month; write it YYYY-MM, for example 2021-02")
    return node.value


def _unit(node: yaml.ScalarNode, spec: Field) -> str:
    # UCUM's case-sensitive syntax: symbols, digits, '/', '.', brackets and annotations in braces.
    if not re.fullmatch(r"[A-Za-z0-9%/.\[\]{}*^'-]+", node.value):
        raise ValueError(f"'{node.value}' is not a UCUM unit code (write ug for micrograms, mg/kg per kilogram)")
    return node.value


def _url(node: yaml.ScalarNode, spec: Field) -> str:
    parts = urlsplit(node.value)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"[\s<>\"{}|\\^`]", node.value):
        raise ValueError(f"'{node.value}' is not an http(s) URL")
    return node.value


def _ref(node: yaml.ScalarNode, spec: Field) -> str:
    if not _SLUG.fullmatch(node.value):
        raise ValueError(f"'{node.value}' is not an id; ids are lower-case words joined by hyphens")
    return node.value


def _id(node: yaml.ScalarNode, spec: Field) -> str:
    if not _SLUG.fullmatch(node.value):
        raise ValueError(
            f"'{node.value}' is not a valid id; use lower-case letters and digits joined by hyphens,"
            " for example 'ketamine-therapy'"
        )
    return node.value


def _enum(node: yaml.ScalarNode, spec: Field) -> str:
    if node.value not in spec.values:
        raise ValueError(f"unknown value '{node.value}'{_did_you_mean(node.value, list(spec.values))}")
    return node.value


def _curie(node: yaml.ScalarNode, spec: Field) -> str:
    try:
        split_curie(node.value)
    except CurieError as err:
        raise ValueError(str(err)) from None
    return node.value


_CONVERT = {
    "id": _id,
    "text": _text,
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "year": _year,
    "yearmonth": _yearmonth,
    "unit": _unit,
    "url": _url,
    "ref": _ref,
    "authors": _ref,
    "enum": _enum,
    "curie": _curie,
}
