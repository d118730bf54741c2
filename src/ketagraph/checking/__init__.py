"""Checking a graph: SHACL (shacl, with the fast engine in turbo), RDF files read for checking
(rdf_files), and what a graph holds (stats).
"""

# The SHACL engines, the first the default; here, not in ``shacl``, so that the CLI can offer
# them without importing rdflib.
ENGINES = ("turbo", "pyshacl")
