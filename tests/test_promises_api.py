"""Promises of the Python API: every command is a function of ``ketagraph``, callable any number
of times, in any order, with ``str`` or ``Path``; and the README's API section runs as written.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import shutil
from pathlib import Path

import pytest

import ketagraph
from ketagraph.errors import InputError

from .conftest import DATA, MINIMAL, REPO, tree_digest
from .servers import oxigraph_server

COMMANDS = ["build", "validate", "export", "export_entity", "stats", "query", "load", "publish", "snippet"]


def test_every_command_is_a_function_after_every_module_is_imported():
    """Importing a submodule must not replace a function of the package (``ketagraph.release.build``
    was once the submodule after the first call)."""
    for module in pkgutil.walk_packages(ketagraph.__path__, "ketagraph."):
        if module.name != "ketagraph.__main__":  # that one runs the command line
            importlib.import_module(module.name)
    for name in COMMANDS:
        fn = getattr(ketagraph, name)
        assert callable(fn) and fn.__module__ == "ketagraph.api", name


def test_each_command_twice_in_any_order_with_str_and_path(tmp_path: Path):
    dist, site = tmp_path / "dist", str(tmp_path / "site")
    for data in (MINIMAL, str(MINIMAL)):
        assert ketagraph.build(data, dist).passes
        assert ketagraph.validate(data=data).passes
        assert ketagraph.validate([str(dist / "ketagraph.nq")]).passes
        assert ketagraph.validate([dist / "ketagraph.ttl"], engine="pyshacl").passes
        assert ketagraph.build(data=data, out=str(dist)).passes
        assert ketagraph.export("nt", data=data) == (dist / "ketagraph.nt").read_bytes()
        assert b"@prefix" in ketagraph.export_entity("ketamine", data=data)
        assert ketagraph.stats(data).triples == len(ketagraph.read_data(data))
        assert b"results" in ketagraph.query("01", data=data)
        assert b"results" in ketagraph.query("01", graph=str(dist / "ketagraph.nq"))
        assert ketagraph.publish(data, site).pages > 0
        assert "application/ld+json" in ketagraph.snippet("ketamine", data=data)
        assert "application/ld+json" in ketagraph.snippet(article=True, data=data)


def test_errors_are_raised_not_printed(tmp_path: Path, capsys):
    with pytest.raises(InputError) as err:
        ketagraph.build(tmp_path / "nowhere", tmp_path / "dist")
    assert err.value.exit_code == 2
    with pytest.raises(InputError):
        ketagraph.snippet()
    with pytest.raises(InputError):
        ketagraph.export("no-such-format", data=MINIMAL)
    assert capsys.readouterr() == ("", "")


def test_the_readme_api_section_runs_as_written(tmp_path: Path, monkeypatch, capsys):
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    [code] = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(DATA, work / "data")
    monkeypatch.chdir(work)
    with oxigraph_server(tmp_path / "store") as server:
        assert "http://localhost:7878/query" in code
        exec(compile(code.replace("http://localhost:7878", server.base), "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "True False 12" in printed and "triples in https://w3id.org/ketagraph/graph" in printed
    assert tree_digest(work / "dist")  # the release is there
    assert (work / "site" / "index.html").is_file()
