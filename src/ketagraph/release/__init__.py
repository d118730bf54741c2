"""Writing a release: build (the gate), the export formats, void (the release's self-description),
entity (one entity and its parts) and outputs (which folder may be replaced, atomically).
"""
