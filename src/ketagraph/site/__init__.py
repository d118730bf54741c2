"""Publishing the graph as a static web site, JSON-LD snippets, and a local server for it.

- :mod:`.publish` writes the site (``ketagraph publish``), from :mod:`.pages` (what each page
  shows), :mod:`.ontology` (the ontology page and diagram) and :mod:`.paths` (IRIs to files);
- :mod:`.snippet` gives the ``<script type="application/ld+json">`` blocks (``ketagraph snippet``);
- :mod:`.server` serves a published site with content negotiation (``ketagraph serve --site``).

Jinja2 and the rest load when one of these is used, not on import.
"""
