"""Every file under broken/ is refused with the one message its first line announces."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit_engine.checklists import (
    MAX_FILE_BYTES,
    ChecklistError,
    load_catalog_file,
    load_files,
    validate_paths,
)
from audit_engine.domain.errors import InvalidInput

from .conftest import HERE

BROKEN = sorted((HERE / "broken").glob("*.yaml"))


def expected_message(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    assert first.startswith("# expect: "), f"{path.name} does not announce its expected message"
    return f"{path}:{first.removeprefix('# expect: ')}"


@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_broken_file_is_refused_with_its_message(path, shipped_files):
    problems = validate_paths([path], context_files=shipped_files)
    assert problems, f"{path.name} was accepted"
    assert problems[0].startswith(expected_message(path))


@pytest.mark.parametrize("path", BROKEN, ids=[p.name for p in BROKEN])
def test_nothing_is_loaded_from_a_broken_file(path, shipped_files):
    loaded, errors = load_files([*shipped_files, path])
    assert path not in loaded and path in errors
    assert len(loaded) == len([p for p in shipped_files if ".es." not in p.name])
    with pytest.raises(InvalidInput):
        load_catalog_file(path, shipped_files)


def test_corpus_covers_the_issue_list():
    names = {p.name for p in BROKEN}
    for needed in (
        "malformed",
        "unknown-key",
        "duplicate-id",
        "bad-level",
        "unknown-entity",
        "unknown-category",
        "overlapping-history",
        "empty-catalog",
        "alias",
        "not-utf8",
    ):
        assert f"{needed}.yaml" in names


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: no 50 MB written to disk
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(ChecklistError) as caught:
        load_catalog_file(huge)
    assert str(caught.value) == (
        f"{huge}:1: (top): file is {50 * 1024 * 1024} bytes; the limit is {MAX_FILE_BYTES} bytes"
    )


def test_a_billion_laughs_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n")
    with pytest.raises(ChecklistError) as caught:
        load_catalog_file(bomb)
    # Never expanded: refused on its shape, one problem per key, no 10^9 strings built.
    assert len(caught.value.errors) < 20


def test_an_alias_in_a_value_the_schema_reads_is_named(tmp_path):
    text = (HERE / "broken" / "alias.yaml").read_text()
    assert "&q" in text and "*q" in text
    problems = validate_paths([HERE / "broken" / "alias.yaml"])
    assert "YAML aliases (*name) are not allowed (anchor at line 19)" in problems[0]


def test_a_missing_file_is_one_line(tmp_path):
    missing = tmp_path / "nope.yaml"
    problems = validate_paths([missing])
    assert problems == [f"{missing}:1: (top): cannot read file: No such file or directory"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_an_unreadable_file_is_one_line(tmp_path):
    locked = tmp_path / "locked.yaml"
    locked.write_text("format: 1\n")
    locked.chmod(0)
    assert validate_paths([locked]) == [f"{locked}:1: (top): cannot read file: Permission denied"]


def test_all_problems_of_a_file_are_reported(tmp_path):
    text = (HERE / "broken" / "unknown-key.yaml").read_text().replace("level: must", "level: x")
    both = tmp_path / "two-problems.yaml"
    both.write_text(text)
    problems = validate_paths([both])
    assert len(problems) == 2
    assert "unknown level 'x'" in problems[0] and "unknown key 'colour'" in problems[1]
