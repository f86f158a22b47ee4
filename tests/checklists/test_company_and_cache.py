"""Company checklists from configured folders, and the content-hash cache."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from audit_engine.checklists import ChecklistError, cache, load_all
from audit_engine.domain.errors import InvalidInput

from .conftest import SHIPPED

TAILORING = """\
format: 1
id: acme-ctpat
title: Acme CTPAT checklist
version: "2024.1"
effective: 2024-01-01
source: {document: Acme security manual rev 7, date: 2024-01-01}
extends: {id: ctpat-msc, version: "2026.1"}
focus_areas:
  - name: Acme extras
    categories:
      - {id: acme, name: Acme site rules}
tailoring:
  - id: "3.7"
    level: must
    add_questions: ["Is every Tier 1 supplier reassessed each year?"]
  - id: "5.16"
    levels:
      - level: should
      - {level: must, effective: 2025-01-01}
criteria:
  - id: ACME-1
    category: acme
    title: Dock doors closed when idle
    requirement: Dock doors stay closed and locked when no loading is under way.
    level: must
    entity_types: [us_importer]
    questions: ["Are idle dock doors closed and locked?"]
    evidence: [Walk-through]
    wording: paraphrase
"""


def company_folder(tmp_path: Path, text: str = TAILORING, name: str = "acme.yaml") -> Path:
    folder = tmp_path / "company"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return folder


def test_company_tailoring_is_its_own_catalog(tmp_path):
    catalogs = {c.id: c for c in load_all(SHIPPED, [company_folder(tmp_path)])}
    acme, msc = catalogs["acme-ctpat"], catalogs["ctpat-msc"]
    assert acme.extra["extends"] == {
        "id": "ctpat-msc",
        "version": "2026.1",
        "content_hash": msc.content_hash,
    }
    assert acme.criterion("3.7").level_on(date(2024, 1, 1)) == "must"
    assert msc.criterion("3.7").level_on(date(2024, 1, 1)) == "should"  # base untouched
    assert acme.criterion("3.7").questions[-1].startswith("Is every Tier 1")
    assert acme.criterion("5.16").level_on(date(2025, 1, 1)) == "must"
    assert acme.criterion("ACME-1").category == "acme"
    assert len(acme.criteria) == len(msc.criteria) + 1
    assert acme.category("acme").focus_area == "Acme extras"


def test_company_own_catalog_without_extends(tmp_path):
    text = TAILORING.replace('extends: {id: ctpat-msc, version: "2026.1"}\n', "")
    text = text[: text.index("tailoring:")] + text[text.index("criteria:") :]
    catalogs = {c.id: c for c in load_all(SHIPPED, [company_folder(tmp_path, text)])}
    assert [c.id for c in catalogs["acme-ctpat"].criteria] == ["ACME-1"]


def test_a_broken_company_file_stops_loading_with_its_line(tmp_path):
    folder = company_folder(
        tmp_path, TAILORING.replace("level: must\n    add", "level: hard\n    add")
    )
    with pytest.raises(ChecklistError) as caught:
        load_all(SHIPPED, [folder])
    assert str(caught.value).startswith(
        f"{folder / 'acme.yaml'}:14: tailoring[3.7].level: unknown level 'hard'"
    )


def test_a_missing_company_folder_is_named(tmp_path):
    with pytest.raises(InvalidInput, match="checklist folder .*nowhere does not exist"):
        load_all(SHIPPED, [tmp_path / "nowhere"])


def test_the_same_id_and_version_twice_is_refused(tmp_path):
    folder = company_folder(tmp_path)
    (folder / "copy.yaml").write_text(TAILORING.replace("rev 7", "rev 8"))
    with pytest.raises(ChecklistError, match="catalog acme-ctpat@2024.1 is also defined in"):
        load_all(SHIPPED, [folder])


def test_a_new_version_of_a_catalog_loads_next_to_the_old(tmp_path):
    folder = company_folder(tmp_path)
    (folder / "next.yaml").write_text(TAILORING.replace('"2024.1"', '"2024.2"'))
    versions = sorted(c.version for c in load_all(SHIPPED, [folder]) if c.id == "acme-ctpat")
    assert versions == ["2024.1", "2024.2"]


def test_disk_cache_is_used_and_checked(tmp_path):
    cache_dir = tmp_path / "cache"
    first = load_all(SHIPPED, cache_dir=cache_dir)
    entries = sorted(cache_dir.glob("catalog-v*.json"))
    assert len(entries) == 4  # the reefer file extends another: cached in process only
    cache.clear_memory()
    assert load_all(SHIPPED, cache_dir=cache_dir) == first
    for entry in entries:  # a damaged cache entry is ignored, never trusted
        entry.write_text(entry.read_text().replace("must", "should"))
    cache.clear_memory()
    again = load_all(SHIPPED, cache_dir=cache_dir)
    assert again == first
    assert [c.content_hash for c in again] == [c.content_hash for c in first]


def test_cache_follows_file_content(tmp_path):
    folder = company_folder(tmp_path)
    cache_dir = tmp_path / "cache"
    before = {c.id: c for c in load_all(SHIPPED, [folder], cache_dir)}["acme-ctpat"]
    (folder / "acme.yaml").write_text(TAILORING.replace("Dock doors", "Dock gates"))
    after = {c.id: c for c in load_all(SHIPPED, [folder], cache_dir)}["acme-ctpat"]
    assert after.criterion("ACME-1").title == "Dock gates closed when idle"
    assert after.content_hash != before.content_hash


def test_unwritable_cache_dir_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert load_all(SHIPPED, cache_dir=blocker / "cache")
