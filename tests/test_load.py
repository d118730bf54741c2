"""The loader keeps the exact line and column of every value, and refuses what a graph can't hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketagraph.errors import InputError, Location
from ketagraph.reading.records import load_file


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "x.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_every_value_keeps_its_line_and_column(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = _write(
        tmp_path,
        "# comment\nsections:\n  - id: s1\n    position: 3\n    document: d\n    alt_labels:\n      - one\n      - two\n",
    )
    [rec] = load_file(p)
    assert rec.loc == Location("x.yaml", 3, 5)
    assert rec.fields["id"].loc == Location("x.yaml", 3, 9)
    assert rec.fields["position"].value == 3 and rec.fields["position"].loc == Location("x.yaml", 4, 15)
    assert [v.loc.line for v in rec.fields["alt_labels"]] == [7, 8]


def test_scalars_that_yaml_would_turn_into_other_types_stay_text(tmp_path: Path):
    """`version: 1.10` must not become the float 1.1; `label: yes` must not become True."""
    [rec] = load_file(_write(tmp_path, "drugs:\n  - id: d\n    label: yes\n    note: 1.10\n"))
    assert rec.fields["label"].value == "yes"
    assert rec.fields["note"].value == "1.10"


def test_duplicate_key_names_both_lines(tmp_path: Path):
    with pytest.raises(InputError) as err:
        load_file(_write(tmp_path, "drugs:\n  - id: d\n    label: A\n    label: B\n"))
    [problem] = err.value.problems
    assert problem.loc.line == 4 and "first at line 3" in problem.message


def test_a_single_value_is_accepted_where_a_list_is_expected(tmp_path: Path):
    [rec] = load_file(_write(tmp_path, "drugs:\n  - id: d\n    alt_labels: one\n"))
    assert [v.value for v in rec.fields["alt_labels"]] == ["one"]


def test_dates_are_checked_as_calendar_dates(tmp_path: Path):
    with pytest.raises(InputError) as err:
        load_file(_write(tmp_path, "documents:\n  - id: d\n    date_published: 2021-02-30\n"))
    assert "not a real calendar date" in str(err.value)


def test_alias_is_refused_where_it_is_used(tmp_path: Path):
    with pytest.raises(InputError) as err:
        load_file(_write(tmp_path, "drugs:\n  - &a {id: d}\n  - *a\n"))
    assert err.value.problems[0].loc.line == 3
