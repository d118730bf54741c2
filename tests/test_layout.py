"""The README's layout table and ARCHITECTURE.md describe the tree as it is, and the rooms keep
their one-way flow: a room imports only from the rooms before it and the shared modules."""

from __future__ import annotations

import ast
import re

from .conftest import REPO

PACKAGE = REPO / "src" / "ketagraph"
ORDER = ["reading", "checking", "release", "stores", "site"]  # the flow, left to right


def _layout_rows() -> dict[str, str]:
    section = (REPO / "README.md").read_text().split("## Layout", 1)[1].split("\n## ", 1)[0]
    return dict(re.findall(r"^\| `([^`]+)`[^|]*\| (.+) \|$", section, flags=re.M))


def _modules(folder) -> set[str]:
    return {
        p.stem if p.is_file() else p.name
        for p in folder.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p.is_dir() and (p / "__init__.py").is_file())
    }


def test_every_room_and_module_is_in_the_layout_table():
    rows = _layout_rows()
    rooms = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert {f"src/ketagraph/{r}/" for r in rooms} <= set(rows), "a room is missing from the README's layout"
    for room in rooms:
        text = rows[f"src/ketagraph/{room}/"]
        for module in _modules(PACKAGE / room):
            assert f"`{module}" in text, f"{room}/{module} is not in the README's layout table"
    top = rows["src/ketagraph/"]
    for module in _modules(PACKAGE) - rooms - {"__main__"}:
        assert f"`{module}`" in top, f"{module}.py is not in the README's layout table"


def test_every_path_in_the_layout_table_exists():
    for path in _layout_rows():
        assert (REPO / path).exists(), path


def test_architecture_names_every_room():
    text = (REPO / "ARCHITECTURE.md").read_text()
    for room in ORDER:
        assert f"`{room}/`" in text


def test_rooms_import_only_from_rooms_before_them():
    """reading → checking → release → stores/site: a room never reaches into a later one."""
    for room in ORDER:
        for path in (PACKAGE / room).rglob("*.py"):
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.level >= 2 and node.module:
                    target = node.module.split(".")[0]
                    if target in ORDER:
                        assert ORDER.index(target) <= ORDER.index(room) or target == room, (
                            f"{path.relative_to(PACKAGE)} imports from the later room {target}"
                        )
                    assert target not in ("cli", "api"), f"{path.relative_to(PACKAGE)} imports {target}"
