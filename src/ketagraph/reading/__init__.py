"""Reading the curated YAML into a graph: records (YAML with file:line), link (ids and references),
graph (RDF terms), pipeline (the three in order) and partition (the same in two processes).
"""
