"""Every command as a Python function: what ``ketagraph COMMAND`` does, without the printing.

The CLI calls these and only parses options and renders; a script gets the same behaviour and
the same errors (:class:`~ketagraph.errors.KetagraphError`, with ``exit_code``). Paths may be
``str`` or :class:`~pathlib.Path`; every function can be called any number of times.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .progress import QUIET, Progress

if TYPE_CHECKING:
    from .checking.shacl import Report
    from .checking.stats import Stats
    from .reading.graph import Built
    from .release.build import BuildResult
    from .site.publish import PublishResult
    from .stores.upload import LoadResult

__all__ = [
    "build",
    "export",
    "export_entity",
    "load",
    "publish",
    "query",
    "read_data",
    "snippet",
    "stats",
    "validate",
]

DEFAULT_BASE_URL = "https://w3id.org/ketagraph/"  # ketagraph.site.paths.DEFAULT_BASE_URL, without importing it
PathLike = str | Path


def read_data(data: PathLike = "data", *, files: Sequence[PathLike] | None = None, progress: Progress = QUIET) -> Built:
    """Load, link and make the graph of a data folder (or of the given YAML files)."""
    from .reading.pipeline import read_data as run

    return run(Path(data), files=None if files is None else _existing(files), progress=progress)


def build(
    data: PathLike = "data",
    out: PathLike = "dist",
    *,
    engine: str = "turbo",
    force: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    """``ketagraph build``: validate, and write the release into ``out`` only if the data passes."""
    from .release.build import build as run

    return run(data=Path(data), out=Path(out), engine=engine, force=force, progress=progress)


def validate(
    files: Sequence[PathLike] | None = None,
    *,
    data: PathLike = "data",
    engine: str = "turbo",
    progress: Progress = QUIET,
) -> Report:
    """``ketagraph validate``: the SHACL report of the data folder, of YAML files, or of RDF files
    (a release in any of its formats: every named graph is read)."""
    from .checking.rdf_files import is_rdf_file, read_rdf
    from .checking.shacl import validate as run_validate
    from .reading.partition import read_statements
    from .reading.pipeline import read_data as run_read
    from .reading.records import data_files

    paths = _existing(files) if files else None
    rdf = [p for p in paths or [] if is_rdf_file(p)]
    if rdf and len(rdf) != len(paths or []):
        raise InputError.one("give either YAML data files or RDF files, not both")
    if rdf:
        progress(f"reading {len(rdf)} RDF file(s)")
        graph, locations = read_rdf(rdf), {}
    elif engine == "turbo":
        statements = read_statements(paths or data_files(Path(data)), progress=progress)
        graph, locations = statements, statements.locations
    else:
        built = run_read(Path(data), files=paths, progress=progress)
        graph, locations = built, built.locations
    progress(f"validating {len(graph):,} triples against the SHACL shapes")
    return run_validate(graph, locations=locations, engine=engine)


def export(format: str, *, data: PathLike = "data", entity: str | None = None) -> bytes:
    """``ketagraph export``: the graph (or one entity and its parts) in ``format``, ungated by SHACL."""
    from .release.export import get_format, serialize

    get_format(format)
    built = read_data(data)
    if entity is None:
        return serialize(built, format)
    from .reading.graph import Built
    from .release.entity import describe, entity_iri

    iri = entity_iri(built, entity)
    part = describe(built, iri)
    if format == "jsonld":
        from .release.export.jsonld import frame_entity

        return frame_entity(part, str(iri))
    return serialize(Built.from_graph(part, dataset=built.dataset), format)


def export_entity(entity: str, format: str = "turtle", *, data: PathLike = "data") -> bytes:
    """``ketagraph export --entity``: one entity (``etchison-2018``, ``kg:…`` or its IRI) and its parts."""
    return export(format, data=data, entity=entity)


def stats(data: PathLike | Built = "data") -> Stats:
    """``ketagraph stats``: triples, entities per class, claims per source, external identifiers."""
    from .checking.stats import stats as run
    from .reading.graph import Built

    built = data if isinstance(data, Built) else read_data(data)
    return run(built.graph)


def query(
    query: str,
    *,
    data: PathLike = "data",
    graph: PathLike | None = None,
    bindings: Sequence[str] = (),
    format: str = "json",
    stdin_text: str | None = None,
) -> bytes:
    """``ketagraph query``: the answer to a competency question (a name), a ``.rq`` file, or ``-``
    (``stdin_text``), over the data or an RDF file, in a SPARQL results format."""
    from .checking.rdf_files import read_rdf_built
    from .stores import query as q

    text = q.read_query(query, stdin_text)
    built = read_data(data) if graph is None else read_rdf_built(Path(graph))
    source = query if query.endswith(".rq") else ("<stdin>" if query == "-" else f"queries/{query}")
    return q.run(q.open_store(built), text, bindings=list(bindings), fmt=format, source=source)


def load(endpoint: str, **options) -> LoadResult:
    """``ketagraph load``: replace a named graph of a SPARQL 1.1 store with the graph, verified;
    the options are those of :func:`ketagraph.stores.upload.load`."""
    from .stores.upload import load as run

    return run(endpoint=endpoint, **options)


def publish(
    data: PathLike = "data",
    out: PathLike = "site",
    *,
    base_url: str = DEFAULT_BASE_URL,
    force: bool = False,
    progress: Progress | None = None,
) -> PublishResult:
    """``ketagraph publish``: validate, and write the web site into ``out`` only if the data passes."""
    from .site.publish import publish as run

    return run(data=Path(data), out=Path(out), base_url=base_url, force=force, progress=progress)


def snippet(
    entity: str | None = None, *, article: bool = False, data: PathLike = "data", base_url: str = DEFAULT_BASE_URL
) -> str:
    """``ketagraph snippet``: the ``<script type="application/ld+json">`` block of an entity's page,
    or with ``article=True`` of the review article's own page."""
    if article == (entity is not None):
        raise InputError.one("give either an ENTITY (such as ketamine) or --article")
    from .site.paths import check_base_url
    from .site.snippet import article_snippet, entity_snippet

    built = read_data(data)
    if entity is None:
        return article_snippet(built)
    from .release.entity import entity_iri

    return entity_snippet(built, entity_iri(built, entity), base_url=check_base_url(base_url))


def _existing(files: Sequence[PathLike]) -> list[Path]:
    """The given files as paths, each checked to be a file: a clean error, not a traceback, names the first that is not."""
    paths = [Path(f) for f in files]
    for p in paths:
        if p.is_dir():
            raise InputError.one(f"'{p}' is a folder; give data files, or the folder with --data {p}")
        if not p.is_file():
            raise InputError.one(f"file '{p}' does not exist; check the name, or give the folder with --data")
    return paths
