"""What the data folder promises a curator: which files are read, what a stray file is told, how a
broken quote or a merge conflict is pointed at, and the cross-reference rules no other test holds.

Each case writes into a copy of the minimal data set and runs the CLI; a failed run must name
file and line, exit 2 (unusable input) or 1 (the data does not hold together), show no
traceback, and leave the output folder as it was (or not create it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ketagraph.errors import InputError, ReferenceProblemError
from ketagraph.reading import partition
from ketagraph.reading.partition import read_statements
from ketagraph.reading.pipeline import read_data
from ketagraph.reading.records import data_files, load_file

from .conftest import tree_digest

APPLE_DOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02\x00\x00\x00\t\x00\x00\x002\xff\xfe"

DRUGS = "drugs:\n" + "".join(f"  - id: extra-drug-{n}\n    label: Extra drug {n}\n" for n in range(1, 6))


def _fails(cli, minimal: Path, tmp_path: Path, built_minimal: Path, code: int, *where: str) -> str:
    """Build ``minimal`` twice, over a previous release and into a new folder; both must fail the
    same way and leave the folders as they were. Returns the messages."""
    out = tmp_path / "dist"
    shutil.copytree(built_minimal, out)
    before = tree_digest(out)
    result = cli("build", "--data", minimal, "--out", out)
    assert result.exit_code == code, result.stderr + result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    for w in where:
        assert w in result.stderr, result.stderr
    assert tree_digest(out) == before, "a failed build changed the previous output"
    fresh = tmp_path / "fresh"
    again = cli("build", "--data", minimal, "--out", fresh)
    assert (again.exit_code, again.stderr) == (code, result.stderr)
    assert not fresh.exists(), "a failed build created the output folder"
    return result.stderr


# -- which files are read -------------------------------------------------------------------


def test_hidden_files_and_editor_debris_are_not_read(minimal: Path, cli, tmp_path: Path):
    (minimal / "._drugs.yaml").write_bytes(APPLE_DOUBLE)  # macOS AppleDouble, on a FAT or network drive
    (minimal / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (minimal / ".#claims.yaml").write_text("not: [yaml\n", encoding="utf-8")  # Emacs lock file
    (minimal / ".claims.yaml.swp").write_bytes(b"b0VIM 8.2\x00")  # vim swap file
    (minimal / "claims.yaml~").write_text("claims: [", encoding="utf-8")  # editor backup
    (minimal / "#claims.yaml#").write_text("claims: [", encoding="utf-8")  # Emacs autosave
    (minimal / "notes.txt").write_text("drugs: [", encoding="utf-8")
    assert [p.name for p in data_files(minimal)] == ["claims.yaml", "dataset.yaml", "drugs.yaml", "sources.yaml"]
    result = cli("build", "--data", minimal, "--out", tmp_path / "dist")
    assert result.exit_code == 0, result.stderr


def test_yml_files_are_read_and_named(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    (minimal / "more.yml").write_text("drugs:\n  - id: x\n    label: X\n    drug_classes: [nope]\n", encoding="utf-8")
    _fails(cli, minimal, tmp_path, built_minimal, 1, "more.yml:4:20", "'drug_classes' refers to 'nope'")


def test_an_apple_double_file_named_explicitly_is_called_what_it_is(tmp_path: Path):
    p = tmp_path / "._drugs.yaml"
    p.write_bytes(APPLE_DOUBLE)
    with pytest.raises(InputError) as err:
        load_file(p)
    [problem] = err.value.problems
    assert "macOS" in problem.message and "delete it" in problem.message
    assert "UTF-8" not in problem.message


def test_yaml_in_a_sub_folder_is_reported_once_per_folder(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    archive = minimal / "archive"
    (archive / "2025").mkdir(parents=True)
    for name in ("claims.yaml", "sources.yaml"):
        shutil.copy(minimal / name, archive / name)
    shutil.copy(minimal / "drugs.yaml", archive / "2025" / "drugs.yml")
    (minimal / ".git").mkdir()  # hidden folders are not looked into
    (minimal / ".git" / "x.yaml").write_text("drugs: [", encoding="utf-8")
    (minimal / "notes").mkdir()  # nor is a folder without YAML files reported
    (minimal / "notes" / "todo.md").write_text("check doses\n", encoding="utf-8")
    stderr = _fails(cli, minimal, tmp_path, built_minimal, 2, "archive/claims.yaml:1:1", "3 YAML files")
    assert stderr.count("error") == 1 and stderr.count("\n") == 1, stderr
    assert "only the YAML files directly in" in stderr and "duplicate id" not in stderr


def test_a_copy_of_a_data_file_gets_one_message(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    """'sources copy.yaml' sorts before 'sources.yaml': its name, not the order, tells which is the copy."""
    shutil.copy(minimal / "sources.yaml", minimal / "sources copy.yaml")
    stderr = _fails(cli, minimal, tmp_path, built_minimal, 1, "sources copy.yaml:1:1: ")
    assert "repeats all 3 ids of " in stderr and "sources.yaml: it looks like a copy" in stderr
    assert "move it out of " in stderr and "or delete it" in stderr
    assert "duplicate id" not in stderr and stderr.count("\n") == 1, stderr


def test_an_old_copy_that_repeats_most_ids_gets_one_message(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    (minimal / "more-drugs.yaml").write_text(DRUGS, encoding="utf-8")
    older = DRUGS.replace("extra-drug-5", "retired-drug")  # an older version: one id since renamed
    (minimal / "old.yaml").write_text(older, encoding="utf-8")
    stderr = _fails(cli, minimal, tmp_path, built_minimal, 1, "old.yaml:1:1: ", "4 of the 5 ids of this file")
    assert "more-drugs.yaml" in stderr and "'retired-drug'" in stderr
    assert "duplicate id" not in stderr and stderr.count("\n") == 1, stderr


def test_a_copy_under_an_unrelated_name_names_both_files(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    (minimal / "more-drugs.yaml").write_text(DRUGS, encoding="utf-8")
    (minimal / "a.yaml").write_text(DRUGS, encoding="utf-8")
    stderr = _fails(cli, minimal, tmp_path, built_minimal, 1, "more-drugs.yaml:1:1: ", "define the same 5 ids")
    assert "a.yaml and this file" in stderr and "one looks like a copy of the other" in stderr
    assert stderr.count("\n") == 1, stderr


def test_a_copy_of_the_identifier_register_counts_its_curies(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    register = "identifier_register:\n" + "".join(
        f"  - curie: MESH:D00000{n}\n    label: term {n}\n    sources: [ref-mini]\n" for n in range(1, 5)
    )
    (minimal / "identifiers.yaml").write_text(register, encoding="utf-8")
    (minimal / "identifiers-backup.yaml").write_text(register, encoding="utf-8")
    stderr = _fails(cli, minimal, tmp_path, built_minimal, 1, "identifiers-backup.yaml:1:1: ", "all 4 CURIEs of")
    assert "registered twice" not in stderr


def test_a_few_repeated_ids_stay_ordinary_duplicate_errors(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    """Three of eight ids repeated: a curator's slip, one error per id, not a copy."""
    (minimal / "more-drugs.yaml").write_text(DRUGS, encoding="utf-8")
    mixed = "".join(f"  - id: other-{n}\n    label: Other {n}\n" for n in range(4, 9))
    (minimal / "zzz.yaml").write_text(DRUGS.split("  - id: extra-drug-4")[0] + mixed, encoding="utf-8")
    stderr = _fails(cli, minimal, tmp_path, built_minimal, 1, "zzz.yaml:2:9", "zzz.yaml:4:9", "zzz.yaml:6:9")
    assert stderr.count("duplicate id 'extra-drug-") == 3 and "copy" not in stderr


def test_a_copy_named_after_its_original_is_the_one_blamed(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    """Finder names a second copy 'more-drugs 2.yaml'; nothing but the name tells it from the original."""
    (minimal / "more-drugs.yaml").write_text(DRUGS, encoding="utf-8")
    (minimal / "more-drugs 2.yaml").write_text(DRUGS, encoding="utf-8")
    stderr = _fails(cli, minimal, tmp_path, built_minimal, 1, "more-drugs 2.yaml:1:1: this file repeats all 5 ids of")
    assert stderr.count("\n") == 1, stderr


def _halves(tmp_path: Path, files: dict[str, str]) -> Path:
    """The minimal data with ``files`` added; ``aaa-*`` must be read by one process and ``zzz-*`` by the other."""
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "fixtures" / "minimal", data)
    for name, text in files.items():
        (data / name).write_text(text, encoding="utf-8")
    paths = data_files(data)
    cut = partition._cut([p.stat().st_size for p in paths])
    assert {n for n in files if n.startswith("aaa")} <= {p.name for p in paths[:cut]}
    assert {n for n in files if n.startswith("zzz")} <= {p.name for p in paths[cut:]}
    return data


def test_the_two_process_read_reports_a_copy_as_the_serial_read_does(tmp_path: Path):
    filler = "# " + "x" * 4000 + "\n"  # so that the copy lands in the other half
    data = _halves(tmp_path, {"aaa-drugs.yaml": filler + DRUGS, "zzz-aaa-drugs-copy.yaml": DRUGS})
    with pytest.raises(ReferenceProblemError) as split:
        read_statements(data_files(data), split=True)
    with pytest.raises(ReferenceProblemError) as serial:
        read_data(data)
    problems = [(p.message, str(p.loc)) for p in split.value.problems]
    assert problems == [(p.message, str(p.loc)) for p in serial.value.problems]
    [(message, loc)] = problems
    assert loc.endswith("zzz-aaa-drugs-copy.yaml:1:1") and "repeats all 5 ids of" in message


# -- YAML mistakes --------------------------------------------------------------------------

QUOTED = "drugs:\n  - id: x\n    label: X\n    description: a drug\n    note: more\n"


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param(QUOTED + '    alt_labels: ["ketamine, esketamine]\n', "6:18", id="runs-to-the-end"),
        pytest.param(QUOTED + "    alt_labels: 'ketamine\n", "6:17", id="single-quote"),
        pytest.param(
            QUOTED + '    alt_labels: "ketamine\n  - id: y\n    label: "Y"\n  - id: z\n', "6:17", id="closed-later"
        ),
    ],
)
def test_an_unclosed_quote_is_pointed_at_where_it_opens(
    text: str, where: str, minimal: Path, cli, tmp_path: Path, built_minimal: Path
):
    (minimal / "bad.yaml").write_text(text, encoding="utf-8")
    stderr = _fails(cli, minimal, tmp_path, built_minimal, 2, f"bad.yaml:{where}: ", "quote")
    assert "not closed" in stderr and "close it" in stderr


@pytest.mark.parametrize(
    "text",
    [
        "drugs:\n  - id: x\n<<<<<<< HEAD\n    label: A\n=======\n    label: B\n>>>>>>> other-branch\n",
        "<<<<<<< HEAD\ndrugs:\n  - id: x\n=======\ndrugs:\n  - id: y\n>>>>>>> 1a2b3c4\n",
    ],
    ids=["inside-an-item", "whole-file"],
)
def test_a_git_conflict_is_named_at_its_first_marker(
    text: str, minimal: Path, cli, tmp_path: Path, built_minimal: Path
):
    (minimal / "bad.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index(next(t for t in text.splitlines() if t.startswith("<<<"))) + 1
    stderr = _fails(
        cli, minimal, tmp_path, built_minimal, 2, f"bad.yaml:{line}:1: unresolved git merge conflict marker at line"
    )
    assert "resolve the conflict, keep one side, and remove the markers" in stderr
    assert stderr.count("\n") == 1, stderr


def test_a_leftover_conflict_marker_is_named_on_its_own(tmp_path: Path):
    p = tmp_path / "x.yaml"
    p.write_text("drugs:\n  - id: x\n    label: A\n>>>>>>> other-branch\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_file(p)
    [problem] = err.value.problems
    assert problem.loc.line == 4 and "conflict marker at line 4" in problem.message


def test_tabs_keep_their_own_message(tmp_path: Path):
    p = tmp_path / "x.yaml"
    p.write_text('drugs:\n  - id: x\n\tlabel: "A\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_file(p)
    assert "indent with spaces" in str(err.value)


# -- cross-reference rules ------------------------------------------------------------------


def test_volume_without_journal_is_refused(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    (minimal / "bad.yaml").write_text("documents:\n  - id: p\n    label: P\n    volume: 3\n", encoding="utf-8")
    _fails(cli, minimal, tmp_path, built_minimal, 1, "bad.yaml:4:13: 'volume' needs 'journal'")


def test_issue_without_volume_is_refused(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    (minimal / "periodicals.yaml").write_text("periodicals:\n  - id: j\n    label: J\n", encoding="utf-8")
    (minimal / "bad.yaml").write_text(
        "documents:\n  - id: p\n    label: P\n    journal: j\n    issue: 2\n", encoding="utf-8"
    )
    _fails(cli, minimal, tmp_path, built_minimal, 1, "bad.yaml:5:12: 'issue' needs 'volume'")


def test_a_curie_registered_twice_is_refused(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    (minimal / "zzz.yaml").write_text(
        "identifier_register:\n  - curie: CHEBI:6121\n    label: again\n    sources: [ref-mini]\n", encoding="utf-8"
    )
    _fails(
        cli, minimal, tmp_path, built_minimal, 1, "zzz.yaml:2:12: 'CHEBI:6121' is registered twice", "drugs.yaml:9:12"
    )


def test_a_second_dataset_is_refused_and_both_are_named(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    (minimal / "zzz.yaml").write_text("dataset:\n  id: mini-two\n  label: Another\n", encoding="utf-8")
    _fails(cli, minimal, tmp_path, built_minimal, 1, "zzz.yaml:2:3: a second 'dataset:'", "dataset.yaml:3:3")


def test_a_dataset_without_id_is_refused(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    text = (minimal / "dataset.yaml").read_text(encoding="utf-8").replace("  id: mini\n", "")
    (minimal / "dataset.yaml").write_text(text, encoding="utf-8")
    _fails(cli, minimal, tmp_path, built_minimal, 2, "dataset.yaml:3:3", "has no 'id'")


def test_a_dangling_reference_suggests_the_close_id(minimal: Path, cli, tmp_path: Path, built_minimal: Path):
    text = (minimal / "claims.yaml").read_text(encoding="utf-8").replace("[ketamine]", "[ketamin]")
    (minimal / "claims.yaml").write_text(text, encoding="utf-8")
    _fails(
        cli,
        minimal,
        tmp_path,
        built_minimal,
        1,
        "claims.yaml:5:13: 'about' refers to 'ketamin', which is not defined in any data file; "
        "did you mean 'ketamine'?",
    )


def test_a_dangling_reference_without_a_close_id_says_what_to_do(
    minimal: Path, cli, tmp_path: Path, built_minimal: Path
):
    text = (minimal / "claims.yaml").read_text(encoding="utf-8").replace("[ketamine]", "[zebra]")
    (minimal / "claims.yaml").write_text(text, encoding="utf-8")
    stderr = _fails(cli, minimal, tmp_path, built_minimal, 1, "claims.yaml:5:13:", "define it, or correct the id")
    assert "did you mean" not in stderr
