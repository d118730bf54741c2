"""The ``ketagraph`` command: parse options, call one library function, render, pick the exit code.

Only typer and the standard library are imported at start-up; rdflib, pySHACL, pyld and rich
load inside the command that needs them, so ``ketagraph --help`` answers at once. Every error
reaches the user through :meth:`_Commands.invoke`, the one place that maps it to an exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from . import __version__
from .checking import ENGINES
from .errors import EXIT_INPUT, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_NONCONFORMING, EXIT_OK, KetagraphError
from .release.export import FORMATS

if TYPE_CHECKING:
    from .progress import Progress


class _Commands(TyperGroup):
    """The command group: ``--debug`` anywhere before ``--``, and every error mapped to its exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer's vendored click.Context
        end = args.index("--") if "--" in args else len(args)
        _state["debug"] = "--debug" in args[:end]
        if _state["debug"]:
            args = [a for a in args[:end] if a != "--debug"] + args[end:]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):  # usage errors, --help: typer's own
            raise
        except KetagraphError as err:
            if _state["debug"]:
                raise
            head = "error: " if len(err.problems) <= 1 else f"error: {len(err.problems)} problems:\n"
            typer.echo(head + str(err), err=True)
            raise typer.Exit(err.exit_code) from None
        except KeyboardInterrupt:
            if _state["debug"]:
                raise
            typer.echo("interrupted: nothing was replaced; what was being written has been removed", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Exception as err:
            if _state["debug"]:
                raise
            typer.echo(
                f"error: internal error ({type(err).__name__}: {err}); this is a bug in ketagraph, not in your data. "
                "Run the command again with --debug and report the traceback",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None


app = typer.Typer(
    name="ketagraph",
    cls=_Commands,
    help="Build, validate and export the ketamine-for-migraine knowledge graph from its YAML data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_state = {"debug": False}
T = TypeVar("T")

DataOption = Annotated[Path, typer.Option("--data", help="Folder of YAML data files.", show_default=True)]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Replace --out even if it holds files ketagraph did not write (never the data, current or home folder).",
    ),
]


# Choices generated from the registries they name (both are cheap to import).
Engine = StrEnum("Engine", {name: name for name in ENGINES})  # type: ignore[misc]
_DEFAULT_ENGINE = Engine(ENGINES[0])


EngineOption = Annotated[
    Engine, typer.Option("--engine", help="SHACL engine: turbo (fast) or pyshacl (the reference).")
]


class ReportFormat(StrEnum):
    text = "text"
    turtle = "turtle"
    json = "json"


class StatsFormat(StrEnum):
    text = "text"
    json = "json"


ExportFormat = StrEnum("ExportFormat", {name: name for name in FORMATS})  # type: ignore[misc]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ketagraph {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show Python tracebacks for errors (anywhere on the command line).")
    ] = False,
) -> None:
    """Build, validate and export the ketamine-for-migraine knowledge graph from its YAML data."""
    _state["debug"] = _state["debug"] or debug


def _run(fn: Callable[[], T]) -> T:
    """Call ``fn``. Errors go to :meth:`_Commands.invoke`, which maps them to exit codes."""
    return fn()


def _fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _progress() -> Progress:
    """Stage-by-stage progress (rich) on a terminal; nothing when stderr is piped."""
    from .progress import for_terminal

    return for_terminal()


@app.command()
def build(
    data: DataOption = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Folder to write the release into.")] = Path("dist"),
    engine: EngineOption = _DEFAULT_ENGINE,
    force: ForceOption = False,
) -> None:
    """Validate the data and, if it conforms, write every export, the ontology, shapes and void.ttl."""
    from . import api
    from .release.build import check_release_out

    if force:
        _say_replaced(out, check_release_out(out, data=data, force=True))
    with _progress() as progress:
        result = api.build(data, out, engine=engine.value, force=force, progress=progress)
    _gate(result.report, out, "build")
    size = sum(result.files.values())
    typer.echo(
        f"Built {out}/: {len(result.files)} files ({size:,} bytes), {len(result.built):,} triples, "
        f"{result.report.count('Warning')} warning(s)."
    )


def _say_replaced(out: Path, foreign: list[str]) -> None:
    if foreign:
        shown = ", ".join(foreign[:10]) + (f" and {len(foreign) - 10} more" if len(foreign) > 10 else "")
        typer.echo(f"warning: --force: replacing '{out}' deletes {len(foreign)} file(s) of yours: {shown}", err=True)


def _gate(report, out: Path, verb: str) -> None:
    """The release gate's verdict: violations exit 1 with nothing written; warnings are shown."""
    if not report.passes:
        typer.echo(report.as_text(), err=True)
        typer.echo(f"Nothing was written; '{out}' is unchanged. Fix the lines above and {verb} again.", err=True)
        raise typer.Exit(EXIT_NONCONFORMING)
    if report.violations:
        typer.echo(report.as_text(), err=True)


@app.command()
def validate(
    files: Annotated[
        list[Path] | None, typer.Argument(help="YAML data files, or RDF files (.ttl, .nt, .jsonld, ...).")
    ] = None,
    data: DataOption = Path("data"),
    format: Annotated[ReportFormat, typer.Option("--format", help="Report format.")] = ReportFormat.text,
    engine: EngineOption = _DEFAULT_ENGINE,
) -> None:
    """Check the data against the SHACL shapes; each problem names its YAML file and line. Exit 1 if any violates."""
    from . import api

    with _progress() as progress:
        report = api.validate(files, data=data, engine=engine.value, progress=progress)
    rendered = {"text": report.as_text, "turtle": report.as_turtle, "json": report.as_json}[format.value]()
    typer.echo(rendered, nl=not rendered.endswith("\n"))
    raise typer.Exit(EXIT_OK if report.passes else EXIT_NONCONFORMING)


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help="RDF format to write.")],
    data: DataOption = Path("data"),
    output: Annotated[str, typer.Option("--output", "-o", help="File to write, or - for standard output.")] = "-",
    entity: Annotated[
        str | None, typer.Option("--entity", help="Only this entity (an id such as etchison-2018) and its parts.")
    ] = None,
) -> None:
    """Write the graph as the data says it, without the SHACL gate (only `build` is the release gate)."""
    from . import api
    from .release.outputs import write_file_atomic

    content = api.export(format.value, data=data, entity=entity)
    if output == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        write_file_atomic(Path(output), content)


@app.command()
def stats(
    data: DataOption = Path("data"),
    format: Annotated[StatsFormat, typer.Option("--format", help="Output format.")] = StatsFormat.text,
) -> None:
    """Count triples, entities per class and claims per source."""
    import json

    from . import api

    result = api.stats(data)
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


class ResultFormat(StrEnum):
    table = "table"
    json = "json"
    xml = "xml"
    csv = "csv"
    tsv = "tsv"
    turtle = "turtle"


class LoadMethod(StrEnum):
    gsp = "gsp"
    update = "update"


class AuthScheme(StrEnum):
    basic = "basic"
    digest = "digest"


@app.command()
def query(
    query_: Annotated[
        str | None,
        typer.Argument(metavar="QUERY", help="A name from queries/ (see --list), a .rq file, or - for standard input."),
    ] = None,
    data: DataOption = Path("data"),
    graph: Annotated[
        Path | None, typer.Option("--graph", help="Query this RDF file (e.g. dist/ketagraph.nq) instead of the data.")
    ] = None,
    format: Annotated[ResultFormat, typer.Option("--format", help="Answer format.")] = ResultFormat.table,
    bind: Annotated[
        list[str] | None, typer.Option("--bind", help='Bind a variable: NAME=VALUE (kg:id, <iri>, "text", 42).')
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the competency questions and exit.")] = False,
) -> None:
    """Ask a SPARQL question of the graph, on an embedded store (no server needed)."""
    from .stores import query as q

    if list_:
        for item in _run(q.list_queries):
            typer.echo(f"{item.name:<44} {item.question}")
        return
    if query_ is None:
        _fail("give a QUERY (a name from `ketagraph query --list`, a .rq file, or -)")
    from . import api

    stdin_text = sys.stdin.read() if query_ == "-" else None
    out = api.query(query_, data=data, graph=graph, bindings=bind or [], format=format.value, stdin_text=stdin_text)
    sys.stdout.buffer.write(out)
    sys.stdout.flush()


@app.command()
def load(
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint", help="The store's SPARQL query endpoint: a full URL, such as http://127.0.0.1:7878/query."
        ),
    ],
    graph: Annotated[
        str, typer.Option("--graph", help="IRI of the named graph to replace (an absolute IRI).")
    ] = "https://w3id.org/ketagraph/graph",
    method: Annotated[
        LoadMethod, typer.Option("--method", help="gsp: Graph Store Protocol; update: SPARQL Update.")
    ] = LoadMethod.gsp,
    data: DataOption = Path("data"),
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", help="Stream this N-Triples file (e.g. dist/ketagraph.nt) instead; with --quads, an N-Quads file."
        ),
    ] = None,
    quads: Annotated[
        bool,
        typer.Option(
            "--quads",
            help="Keep the named graphs: replace each of the release's named graphs (each voice's, the curators'), "
            "each verified, instead of one graph.",
        ),
    ] = False,
    update_endpoint: Annotated[
        str | None, typer.Option("--update-endpoint", help="SPARQL Update URL (default: …/update).")
    ] = None,
    gsp_endpoint: Annotated[
        str | None, typer.Option("--gsp-endpoint", help="Graph Store Protocol URL (default: …/store).")
    ] = None,
    gsp_param: Annotated[
        str, typer.Option("--gsp-param", help="Name of the GSP graph parameter (Virtuoso: graph-uri).")
    ] = "graph",
    auth: Annotated[AuthScheme, typer.Option("--auth", help="HTTP authentication scheme.")] = AuthScheme.basic,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for each answer.")] = 60.0,
    retries: Annotated[int, typer.Option("--retries", help="Retries on connection errors and 5xx.")] = 2,
    chunk_size: Annotated[int, typer.Option("--chunk-size", help="Triples per request.")] = 50_000,
    drop_stale_staging: Annotated[
        bool,
        typer.Option(
            "--drop-stale-staging",
            help="Also remove the staging graphs (urn:ketagraph:staging:…) that earlier loads left in the store. "
            "Only when no other load is running: one running now would fail (exit 3) instead of finishing.",
        ),
    ] = False,
) -> None:
    """Replace a named graph of a SPARQL 1.1 store with the graph, atomically, and check that it holds exactly the triples sent."""
    from . import api

    result = _run(
        lambda: api.load(
            endpoint,
            graph=graph,
            data=data,
            file=file,
            method=method.value,
            update_endpoint=update_endpoint,
            gsp_endpoint=gsp_endpoint,
            gsp_param=gsp_param,
            auth=auth.value,
            timeout=timeout,
            retries=retries,
            chunk_size=chunk_size,
            drop_stale_staging=drop_stale_staging,
            quads=quads,
        )
    )
    for old in result.dropped_staging:
        typer.echo(f"Removed the stale staging graph <{old.iri}> ({old.age()} old).", err=True)
    if result.stale_staging:
        listed = ", ".join(f"<{old.iri}> ({old.age()} old)" for old in result.stale_staging)
        typer.echo(
            f"warning: {len(result.stale_staging)} staging graph(s) of other loads remain in the store: {listed}. "
            "An interrupted load leaves one; if no other load is running, remove them with --drop-stale-staging.",
            err=True,
        )
    blank = f"; {result.blank_node_triples:,} with blank nodes checked by count" if result.blank_node_triples else ""
    if result.graphs:
        listed = "\n".join(f"  <{g}>: {n:,} triples" for g, n in result.graphs)
        typer.echo(
            f"Loaded {result.triples:,} triples into {len(result.graphs)} named graphs ({result.chunks} request(s), "
            f"{result.method}); read back, each holds exactly the triples sent{blank}:\n{listed}"
        )
        return
    typer.echo(
        f"Loaded {result.triples:,} triples into graph <{result.graph}> ({result.chunks} request(s), {result.method}); "
        f"read back, it holds exactly the triples sent{blank}."
    )


# The default of `publish --base-url`: where the IRIs live (ketagraph.site.paths.DEFAULT_BASE_URL).
_BASE_URL = "https://w3id.org/ketagraph/"
BaseUrlOption = Annotated[
    str, typer.Option("--base-url", help="URL the site is served from; the pages' absolute URLs use it.")
]


@app.command()
def publish(
    data: DataOption = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Folder to write the site into (replaced as a whole).")] = Path(
        "site"
    ),
    base_url: BaseUrlOption = _BASE_URL,
    force: ForceOption = False,
) -> None:
    """Validate the data and, if it conforms, write it as a static web site with schema.org JSON-LD on every page."""
    from . import api
    from .site.publish import check_site_out

    if force:
        _say_replaced(out, check_site_out(out, data=data, force=True))
    with _progress() as progress:
        result = api.publish(data, out, base_url=base_url, force=force, progress=progress)
    _gate(result.report, out, "publish")
    size = sum(result.files.values())
    typer.echo(
        f"Published {out}/: {result.pages} pages, {len(result.files)} files ({size:,} bytes), "
        f"{result.report.count('Warning')} warning(s)."
    )


@app.command()
def snippet(
    entity: Annotated[
        str | None, typer.Argument(metavar="ENTITY", help="An entity: its id (ketamine), kg:ketamine or its IRI.")
    ] = None,
    article: Annotated[
        bool, typer.Option("--article", help="The snippet for the review article's own web page instead.")
    ] = False,
    data: DataOption = Path("data"),
    base_url: BaseUrlOption = _BASE_URL,
) -> None:
    """Print the <script type="application/ld+json"> block of an entity's page, to paste into a web page."""
    from . import api

    typer.echo(api.snippet(entity, article=article, data=data, base_url=base_url), nl=False)


@app.command()
def serve(
    data: DataOption = Path("data"),
    port: Annotated[int, typer.Option("--port", help="Port to listen on (with --site, 0 picks a free one).")] = 7878,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    writable: Annotated[bool, typer.Option("--writable", help="Accept SPARQL Update and GSP writes.")] = False,
    site: Annotated[
        Path | None,
        typer.Option("--site", help="Serve this published site (from `ketagraph publish`) instead of an endpoint."),
    ] = None,
) -> None:
    """Serve the graph at a local SPARQL endpoint (Oxigraph), or a published site with --site, until Ctrl-C."""
    if site is not None:
        _serve_site(site, host=host, port=port, writable=writable)
    from .reading.pipeline import read_data
    from .stores.endpoint import check_port
    from .stores.endpoint import serve as run_serve

    _run(lambda: check_port(host, port))  # a port in use fails before the data is read

    def ready(url: str) -> None:
        mode = "read-write" if writable else "read-only"
        typer.echo(f"SPARQL endpoint: {url}/query ({mode}); Ctrl-C stops it.", err=False)
        sys.stdout.flush()

    status = _run(lambda: run_serve(read_data(data), host=host, port=port, writable=writable, on_ready=ready))
    raise typer.Exit(status)


def _serve_site(site: Path, *, host: str, port: int, writable: bool) -> NoReturn:
    if writable:
        _fail("--writable is for the SPARQL endpoint; a --site is served read-only")
    from .site.server import serve_site

    def ready(url: str) -> None:
        typer.echo(f"Site: {url}/ (entity IRIs answer HTML, Turtle or JSON-LD by Accept); Ctrl-C stops it.")
        sys.stdout.flush()

    raise typer.Exit(_run(lambda: serve_site(site, host=host, port=port, on_ready=ready)))


def run() -> None:
    """Console-script entry point."""
    app()
