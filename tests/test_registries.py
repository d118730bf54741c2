"""The CLI's choices are the registries they name, so a new format or engine is one place."""

from __future__ import annotations

from ketagraph import cli
from ketagraph.checking.shacl import ENGINES
from ketagraph.release.export import FORMATS
from ketagraph.stores.query import RESULT_FORMATS


def test_cli_choices_are_the_registries():
    assert [e.value for e in cli.ExportFormat] == list(FORMATS)
    assert [e.value for e in cli.Engine] == list(ENGINES)
    assert [e.value for e in cli.ResultFormat] == list(RESULT_FORMATS)
