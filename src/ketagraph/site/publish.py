"""``ketagraph publish``: the graph as a static web site, one page per entity.

The site mirrors the IRIs (see :mod:`ketagraph.site.paths`): each curated entity with a
``kg:`` IRI and a name gets ``id/{slug}/index.html`` with its description embedded as schema.org
JSON-LD, and ``id/{slug}.ttl``, ``.jsonld``, ``.nt`` and ``.rdf`` beside it (and ``ontology.*``
beside the ontology's page). There are also an index page, the dataset page (the dataset's own
entity page, with every release file under ``dist/``), an ontology page with a class diagram, and
``sitemap.xml``.

Like ``build``, publishing validates first and writes nothing unless the data conforms; the site
is written into a temporary folder beside ``out`` and swapped in with two renames. The same data
gives a byte-identical site: pages are rendered from sorted data, and no clock is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from ..progress import QUIET, Progress
from ..release.outputs import SITE_MANIFEST, check_out, site_manifest, site_manifest_file, write_atomic
from ..vocab import SDO
from .pages import Link, SiteModel, safe_href
from .paths import DEFAULT_BASE_URL, MEDIA_TYPES, check_base_url, page_path, page_url, relative, site_path
from .snippet import SchemaOrgView, find_review_article, page_jsonld, script_json

if TYPE_CHECKING:
    from ..checking.shacl import Report
    from ..reading.graph import Built

__all__ = ["PublishResult", "check_site_out", "publish", "site_files", "write_tree_atomic"]

_DOWNLOAD_NOTES = {
    ".ttl": "Turtle",
    ".nt": "N-Triples",
    ".jsonld": "JSON-LD",
    ".trig": "TriG, with one named graph per source",
    ".nq": "N-Quads, with one named graph per source",
    ".rdf": "RDF/XML",
}
_SPECIAL_NOTES = {
    "context.jsonld": "The JSON-LD context that ketagraph.jsonld is compacted with",
    "ontology.ttl": "The ontology (Turtle)",
    "shapes.ttl": "The SHACL shapes the data is validated with (Turtle)",
    "void.ttl": "VoID and DCAT description of the release: counts, licence, version, checksums (Turtle)",
}


@dataclass(frozen=True, slots=True)
class PublishResult:
    """What publishing did: the report, and (when the data conforms) the files of the site."""

    report: Report
    built: Built
    out: Path
    files: dict[str, int]  # path inside the site -> bytes; empty when nothing was written
    pages: int
    replaced: tuple[str, ...] = ()  # files not of a site that --force deleted

    @property
    def passes(self) -> bool:
        return self.report.passes


def publish(
    *,
    data: Path | str = Path("data"),
    out: Path | str = Path("site"),
    base_url: str = DEFAULT_BASE_URL,
    progress: Progress | None = None,
    force: bool = False,
) -> PublishResult:
    """Validate ``data`` and, if it passes, write the site into ``out`` (replaced as a whole).

    ``out`` must be absent, empty or a site published before (:func:`check_site_out`);
    ``force`` replaces any other folder but the data, working and home folders.
    """
    from ..checking.shacl import validate
    from ..reading.pipeline import read_data

    data, out = Path(data), Path(out)
    step = progress or QUIET
    base_url = check_base_url(base_url)
    replaced = check_site_out(out, data=data, force=force)
    built = read_data(data, progress=step)
    step(f"validating {len(built):,} triples against the SHACL shapes")
    report = validate(built, locations=built.locations)
    if not report.passes:
        return PublishResult(report, built, out, {}, 0)
    files = site_files(built, base_url=base_url, progress=step)
    step(f"writing {len(files)} files")
    write_tree_atomic(out, files)
    pages = sum(1 for name in files if name.endswith(".html"))
    sizes = {name: len(content) for name, content in files.items()}
    return PublishResult(report, built, out, sizes, pages, tuple(replaced))


def check_site_out(out: Path, *, data: Path | None, force: bool = False) -> list[str]:
    """Whether a site may replace ``out`` (:func:`ketagraph.release.outputs.check_out`); what it would delete."""
    return check_out(out, data=data, manifest=site_manifest, what="site", force=force)


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("ketagraph.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def site_files(built: Built, *, base_url: str = DEFAULT_BASE_URL, progress: Progress | None = None) -> dict[str, bytes]:
    """Every file of the site, by its path inside the site (``id/ketamine/index.html``)."""
    from markupsafe import Markup

    from ..checking.shacl import load_ontology
    from ..release.build import release_files
    from ..release.entity import describe
    from ..release.export.jsonld import frame_entity
    from ..release.export.rdf import serialize as serialize_rdf
    from .ontology import DIAGRAM_TITLE, class_diagram_dot, ontology_page, render_svg

    step = progress or QUIET
    base_url = check_base_url(base_url)
    ontology = load_ontology()
    view = SchemaOrgView(built, ontology)
    model = SiteModel(built, ontology, base_url=base_url)
    env = _environment()
    g = built.graph
    files: dict[str, bytes] = {}

    step("drawing the ontology diagram")
    onto = ontology_page(ontology)
    n_classes = len(onto["classes"])
    svg_desc = (
        f"{n_classes} classes of the ketagraph ontology with the outside classes they refine; dashed arrows "
        "with hollow heads point to a superclass, labelled arrows go from a property's domain to its range. "
        "The lists of classes and properties on the ontology page say the same in words."
    )
    files["ontology/classes.svg"] = render_svg(class_diagram_dot(ontology), description=svg_desc)
    size = re.search(rb'<svg width="([\d.]+)pt" height="([\d.]+)pt"', files["ontology/classes.svg"])
    diagram_size = (round(float(size[1]) * 4 / 3), round(float(size[2]) * 4 / 3)) if size else None

    step("writing the release files")
    release = release_files(built)
    for name, content in release.items():
        files["dist/" + name] = content

    common = _common(built, model, base_url)
    dataset_extra = _dataset(built, model, release, base_url)

    step(f"rendering {len(model.pages)} entity pages")
    entity_template = env.get_template("entity.html")
    review = find_review_article(built)
    for node in model.pages:
        path = site_path(str(node))
        here = page_path(str(node))
        part = describe(built, node)
        files[path + ".ttl"] = serialize_rdf(part, "TURTLE")
        files[path + ".jsonld"] = frame_entity(part, str(node))
        files[path + ".nt"] = serialize_rdf(part, "N_TRIPLES")
        files[path + ".rdf"] = serialize_rdf(part, "RDF_XML")
        entity = model.entity(node, first_source=review)
        is_dataset = node == built.dataset
        extra = {"distribution": dataset_extra["distribution"]} if is_dataset else None
        doc = page_jsonld(view, node, base_url=base_url, extra=extra)
        html = entity_template.render(
            **common,
            **_page(here, base_url),
            title=entity["name"],
            description=entity["description"] or entity["text"],
            canonical=page_url(str(node), base_url),
            alternates=[
                {"type": "text/turtle", "href": entity["turtle"], "title": "Turtle"},
                {"type": "application/ld+json", "href": entity["jsonld"], "title": "JSON-LD"},
                {"type": "application/n-triples", "href": entity["turtle"][:-4] + ".nt", "title": "N-Triples"},
                {"type": "application/rdf+xml", "href": entity["turtle"][:-4] + ".rdf", "title": "RDF/XML"},
            ],
            jsonld=Markup(script_json(doc)),
            e=entity,
            dataset=_relativise(dataset_extra, here) if is_dataset else None,
        )
        files[path + "/index.html"] = html.encode()

    step("rendering the index and ontology pages")
    files["index.html"] = (
        env.get_template("index.html")
        .render(
            **common,
            **_page("", base_url),
            title="ketagraph",
            description=str(g.value(built.dataset, SDO.description) or ""),
            canonical=base_url,
            alternates=[{"type": "text/turtle", "href": "dist/ketagraph.ttl", "title": "The whole graph in Turtle"}],
            jsonld=Markup(script_json(_index_jsonld(view, built, base_url))),
            groups=model.index_groups(),
            start=_start_links(built, model),
        )
        .encode()
    )
    files["ontology/index.html"] = (
        env.get_template("ontology.html")
        .render(
            **common,
            **_page("ontology/", base_url),
            title=onto["meta"]["title"],
            description="Every class and property of the ketagraph ontology, with definitions and alignments.",
            canonical=base_url + "ontology/",
            alternates=[
                {"type": media, "href": f"../ontology{suffix}", "title": f"The ontology in {name}"}
                for suffix, (media, name) in _ONTOLOGY_FORMATS.items()
            ],
            jsonld=None,
            onto=onto,
            diagram_alt=DIAGRAM_TITLE,
            diagram_size=diagram_size,
        )
        .encode()
    )
    files.update(ontology_files(release["ontology.ttl"]))
    files["static/style.css"] = resources.files("ketagraph.site").joinpath("static/style.css").read_bytes()
    files["sitemap.xml"] = _sitemap(built, model, base_url)
    files[SITE_MANIFEST] = site_manifest_file(files)  # what marks the folder as a site ketagraph wrote
    return dict(sorted(files.items()))


_ONTOLOGY_FORMATS = {
    ".ttl": ("text/turtle", "Turtle"),
    ".jsonld": ("application/ld+json", "JSON-LD"),
    ".nt": ("application/n-triples", "N-Triples"),
    ".rdf": ("application/rdf+xml", "RDF/XML"),
}


def ontology_files(turtle: bytes) -> dict[str, bytes]:
    """The ontology beside its page, as ``ontology.ttl`` (the release's bytes), ``.jsonld``, ``.nt``
    and ``.rdf``. Its blank nodes (OWL lists and restrictions) get canonical labels, so the same
    ontology always gives the same bytes."""
    from rdflib import Graph
    from rdflib.compare import to_canonical_graph

    from ..release.export import jsonld
    from ..release.export.rdf import serialize as serialize_rdf

    graph = to_canonical_graph(Graph().parse(data=turtle, format="turtle"))
    return {
        "ontology.ttl": turtle,
        "ontology.jsonld": jsonld.serialize(graph),
        "ontology.nt": serialize_rdf(graph, "N_TRIPLES"),
        "ontology.rdf": serialize_rdf(graph, "RDF_XML"),
    }


def _page(here: str, base_url: str) -> dict[str, Any]:
    root = relative("", here) if here else "./"
    return {"here": here, "root": "" if root == "./" else root, "home": root, "base_url": base_url}


def _common(built: Built, model: SiteModel, base_url: str) -> dict[str, Any]:
    g = built.graph
    licence = str(g.value(built.dataset, SDO.license) or "")
    review = find_review_article(built)
    return {
        "site_name": "ketagraph",
        "dataset_name": model.name(built.dataset),
        "version": str(g.value(built.dataset, SDO.version) or ""),
        "issued": str(g.value(built.dataset, SDO.datePublished) or ""),
        "licence": Link(_licence_name(licence), safe_href(licence), external=True) if licence else None,
        "dataset_path": page_path(str(built.dataset)),
        "review_path": page_path(str(review)) if review is not None and model.has_page(review) else None,
    }


def _licence_name(url: str) -> str:
    known = {
        "https://creativecommons.org/licenses/by/4.0/": "Creative Commons Attribution 4.0 (CC BY 4.0)",
        "https://creativecommons.org/publicdomain/zero/1.0/": "Creative Commons Zero (CC0 1.0)",
    }
    return known.get(url, url)


def _media_type(name: str) -> str:
    return MEDIA_TYPES.get(PurePosixPath(name).suffix, "application/octet-stream").split(";")[0]


def _dataset(built: Built, model: SiteModel, release: dict[str, bytes], base_url: str) -> dict[str, Any]:
    """The dataset page's extra parts: downloads with sizes and checksums, and how to cite."""
    import hashlib

    g = built.graph
    downloads = []
    for name, content in sorted(release.items()):
        suffix = PurePosixPath(name).suffix
        note = _SPECIAL_NOTES.get(name) or f"The whole graph in {_DOWNLOAD_NOTES.get(suffix, suffix)}"
        downloads.append(
            {
                "name": name,
                "path": "dist/" + name,
                "media_type": _media_type(name),
                "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
                "note": note,
            }
        )
    creators = sorted(model.name(c) for c in g.objects(built.dataset, SDO.creator))
    issued = str(g.value(built.dataset, SDO.datePublished) or "")
    version = str(g.value(built.dataset, SDO.version) or "")
    year = issued[:4] if issued else "n.d."
    citation = f"{', '.join(creators) or 'ketagraph curators'} ({year}). {model.name(built.dataset)}"
    citation += f" (version {version})" if version else ""
    citation += f" [data set]. {built.dataset}"
    distribution = [
        {
            "@id": base_url + d["path"],
            "@type": "DataDownload",
            "contentUrl": base_url + d["path"],
            "encodingFormat": d["media_type"],
            "name": d["name"],
        }
        for d in downloads
    ]
    return {"downloads": downloads, "citation": citation, "distribution": distribution, "void": "dist/void.ttl"}


def _relativise(extra: dict[str, Any], here: str) -> dict[str, Any]:
    out = dict(extra)
    out["downloads"] = [{**d, "href": relative(d["path"], here)} for d in extra["downloads"]]
    out["void_href"] = relative(extra["void"], here)
    return out


def _start_links(built: Built, model: SiteModel) -> list[Link]:
    """The index page's first links: the review, what it is mostly about, what it cites."""
    from .snippet import most_discussed

    g = built.graph
    review = find_review_article(built)
    if review is None or not model.has_page(review):
        return []
    links = [Link(model.name(review), page_path(str(review)), note="the review article, its claims by section")]
    view = SchemaOrgView(built, model.ontology)
    for cls in (SDO.Drug, SDO.MedicalCondition):
        node = most_discussed(view, review, cls)
        if node is not None:
            links.append(Link(model.name(node), page_path(str(node)), note=model.kind_label(node)))
    for cited in sorted(g.objects(review, SDO.citation)):
        if model.has_page(cited):
            links.append(Link(model.name(cited), page_path(str(cited)), note="the paper the review cites"))
    return links


def _index_jsonld(view: SchemaOrgView, built: Built, base_url: str) -> dict[str, Any]:
    """The index page: a WebSite whose main entity is the dataset."""
    g = built.graph
    doc = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": base_url,
        "url": base_url,
        "name": "ketagraph",
        "inLanguage": "en",
        "about": view.reference(built.dataset),
        "mainEntity": view.reference(built.dataset),
    }
    description = g.value(built.dataset, SDO.description)
    if description is not None:
        doc["description"] = str(description)
    return doc


def _sitemap(built: Built, model: SiteModel, base_url: str) -> bytes:
    issued = str(built.graph.value(built.dataset, SDO.datePublished) or "")
    urls = [base_url, base_url + "ontology/", *(page_url(str(n), base_url) for n in model.pages)]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in urls:
        lastmod = f"<lastmod>{escape(issued)}</lastmod>" if issued else ""
        lines.append(f"  <url><loc>{escape(url)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def write_tree_atomic(out: Path, files: dict[str, bytes]) -> None:
    """The site, written the way a release is (:func:`ketagraph.release.outputs.write_atomic`)."""
    write_atomic(out, files, what="site")
