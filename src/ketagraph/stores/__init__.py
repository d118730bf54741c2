"""The graph in SPARQL stores: query (embedded), upload (into any SPARQL 1.1 store) and endpoint
(a local Oxigraph server).
"""
