"""Stage 5, export: one module per RDF format, found through one lazy registry.

Every writer has ``serialize(built, ...) -> bytes``; the registry supplies the ``--format``
choices and the list in the "unknown format" message. Output is byte-identical for the same
graph: triples are sorted before they are written, and there are no blank nodes to relabel.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...errors import InputError

if TYPE_CHECKING:
    from ...reading.graph import Built

__all__ = ["FORMATS", "Format", "get_format", "serialize"]


@dataclass(frozen=True, slots=True)
class Format:
    """An export format: its writer is ``module.serialize(built, *args)``, imported on first use."""

    name: str
    extension: str
    media_type: str
    module: str
    args: tuple[str, ...] = ()

    def serialize(self, built: Built) -> bytes:
        """The union graph; quad formats also carry the named graph of each voice."""
        return importlib.import_module(self.module).serialize(built, *self.args)


_RDF = "ketagraph.release.export.rdf"

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", ".ttl", "text/turtle", _RDF, ("TURTLE",)),
        Format("nt", ".nt", "application/n-triples", _RDF, ("N_TRIPLES",)),
        Format("jsonld", ".jsonld", "application/ld+json", "ketagraph.release.export.jsonld"),
        Format("trig", ".trig", "application/trig", _RDF, ("TRIG",)),
        Format("nquads", ".nq", "application/n-quads", _RDF, ("N_QUADS",)),
        Format("xml", ".rdf", "application/rdf+xml", _RDF, ("RDF_XML",)),
    )
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise InputError.one(f"unknown format '{name}'; choose one of: {', '.join(FORMATS)}") from None


def serialize(built: Built, name: str) -> bytes:
    """``built`` (from :func:`ketagraph.read_data`) in the format ``name``."""
    return get_format(name).serialize(built)
