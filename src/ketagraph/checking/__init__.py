"""Checking a graph: SHACL (shacl, with the fast engine in turbo), RDF files read for checking
(rdf_files), and what a graph holds (stats).
"""
