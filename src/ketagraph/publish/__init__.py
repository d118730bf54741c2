"""Stage 6, publish: the graph as a static web site, JSON-LD snippets, and a local server for it.

- :func:`ketagraph.publish.site.publish` writes the site (``ketagraph publish``);
- :func:`ketagraph.publish.snippet.entity_snippet` and :func:`~ketagraph.publish.snippet.article_snippet`
  give the ``<script type="application/ld+json">`` blocks (``ketagraph snippet``);
- :func:`ketagraph.publish.server.serve_site` serves a published site with content negotiation
  (``ketagraph serve --site``).

Jinja2 and the rest load when one of these is called, not on import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["article_snippet", "entity_snippet", "publish", "serve_site"]

_LAZY = {
    "publish": ("ketagraph.publish.site", "publish"),
    "entity_snippet": ("ketagraph.publish.snippet", "entity_snippet"),
    "article_snippet": ("ketagraph.publish.snippet", "article_snippet"),
    "serve_site": ("ketagraph.publish.server", "serve_site"),
}

if TYPE_CHECKING:
    from .server import serve_site
    from .site import publish
    from .snippet import article_snippet, entity_snippet


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'ketagraph.publish' has no attribute {name!r}")
