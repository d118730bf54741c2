"""The ``ketagraph`` command: parse options, call one library function, render, pick the exit code.

Only typer and the standard library are imported at start-up; rdflib, pySHACL, pyld and rich
load inside the command that needs them, so ``ketagraph --help`` answers at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from . import __version__
from .errors import EXIT_INPUT, EXIT_NONCONFORMING, EXIT_OK, KetagraphError

app = typer.Typer(
    name="ketagraph",
    help="Build, validate and export the ketamine-for-migraine knowledge graph from its YAML data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"debug": False}
T = TypeVar("T")

DataOption = Annotated[Path, typer.Option("--data", help="Folder of YAML data files.", show_default=True)]


class ReportFormat(StrEnum):
    text = "text"
    turtle = "turtle"
    json = "json"


class StatsFormat(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"
    trig = "trig"
    nquads = "nquads"
    xml = "xml"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ketagraph {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show Python tracebacks for errors.")] = False,
) -> None:
    """Build, validate and export the ketamine-for-migraine knowledge graph from its YAML data."""
    _state["debug"] = debug


def _run(fn: Callable[[], T]) -> T:
    """Call ``fn``; turn a :class:`KetagraphError` into its message on stderr and its exit code."""
    try:
        return fn()
    except KetagraphError as err:
        if _state["debug"]:
            raise
        typer.echo(
            f"error: {err}" if len(err.problems) <= 1 else f"error: {len(err.problems)} problems:\n{err}", err=True
        )
        raise typer.Exit(err.exit_code) from None


def _fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _progress() -> Callable[[str], None] | None:
    """Step messages on a terminal (rich); nothing when stderr is piped."""
    if not sys.stderr.isatty():
        return None
    from rich.console import Console

    console = Console(stderr=True)
    return lambda msg: console.print(f"[dim]… {msg}[/dim]")


@app.command()
def build(
    data: DataOption = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Folder to write the release into.")] = Path("dist"),
) -> None:
    """Validate the data and, if it conforms, write every export, the ontology, shapes and void.ttl."""
    from .build import build as run_build

    result = _run(lambda: run_build(data=data, out=out, progress=_progress()))
    report = result.report
    if not result.conforms:
        typer.echo(report.as_text(), err=True)
        typer.echo(f"Nothing was written; '{out}' is unchanged. Fix the lines above and build again.", err=True)
        raise typer.Exit(EXIT_NONCONFORMING)
    if report.violations:
        typer.echo(report.as_text(), err=True)
    size = sum(result.files.values())
    typer.echo(
        f"Built {out}/: {len(result.files)} files ({size:,} bytes), {len(result.built.graph):,} triples, "
        f"{report.count('Warning')} warning(s)."
    )


@app.command()
def validate(
    files: Annotated[
        list[Path] | None, typer.Argument(help="YAML data files, or RDF files (.ttl, .nt, .jsonld, ...).")
    ] = None,
    data: DataOption = Path("data"),
    format: Annotated[ReportFormat, typer.Option("--format", help="Report format.")] = ReportFormat.text,
) -> None:
    """Check the data against the SHACL shapes; each problem names its YAML file and line. Exit 1 if any violates."""
    from .validate import validate as run_validate

    def work():
        built_graph, locations = _read_for_validation(files, data)
        return run_validate(built_graph, locations=locations)

    report = _run(work)
    rendered = {"text": report.as_text, "turtle": report.as_turtle, "json": report.as_json}[format.value]()
    typer.echo(rendered, nl=not rendered.endswith("\n"))
    raise typer.Exit(EXIT_OK if report.conforms else EXIT_NONCONFORMING)


def _read_for_validation(files: list[Path] | None, data: Path):
    from .pipeline import read_data
    from .rdfinput import is_rdf_file, read_rdf

    if not files:
        built = read_data(data)
        return built.graph, built.locations
    rdf = [f for f in files if is_rdf_file(f)]
    if rdf and len(rdf) != len(files):
        _fail("give either YAML data files or RDF files, not both")
    if rdf:
        return read_rdf(rdf), {}
    built = read_data(files=files)
    return built.graph, built.locations


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="RDF format to write.")],
    data: DataOption = Path("data"),
    output: Annotated[str, typer.Option("--output", "-o", help="File to write, or - for standard output.")] = "-",
) -> None:
    """Write the graph as the data says it, without the SHACL gate (only `build` is the release gate)."""
    from .build import write_file_atomic
    from .export import serialize
    from .pipeline import read_data

    content = _run(lambda: serialize(read_data(data), format.value))
    if output == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        _run(lambda: write_file_atomic(Path(output), content))


@app.command()
def stats(
    data: DataOption = Path("data"),
    format: Annotated[StatsFormat, typer.Option("--format", help="Output format.")] = StatsFormat.text,
) -> None:
    """Count triples, entities per class and claims per source."""
    import json

    from .pipeline import read_data
    from .stats import stats as run_stats

    result = _run(lambda: run_stats(read_data(data).graph))
    if format is StatsFormat.json:
        typer.echo(json.dumps(result.as_dict(), indent=2, sort_keys=True))
        return
    typer.echo(f"triples                {result.triples:>8}")
    typer.echo(f"entities               {result.entities:>8}")
    typer.echo(f"external identifiers   {result.external_identifiers:>8}")
    typer.echo("entities per class:")
    for cls, n in result.per_class.items():
        typer.echo(f"  {cls:<36} {n:>6}")
    typer.echo("claims per source:")
    for doc, n in result.claims_per_source.items():
        typer.echo(f"  {doc:<36} {n:>6}")


def run() -> None:
    """Console-script entry point."""
    app()
