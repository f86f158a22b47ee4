"""Domain catalog values: level history, snapshots, content hash and diff."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from audit_engine.checklists import load_catalog_file
from audit_engine.domain.rules.catalog import (
    Criterion,
    LevelChange,
    catalog_from_snapshot,
    compute_content_hash,
)
from audit_engine.domain.rules.catalog_diff import diff_catalogs

from .conftest import HERE


def criterion(*levels: LevelChange) -> Criterion:
    return Criterion("1.1", "1", "t", "r", levels, frozenset({"us_importer"}))


def test_level_on_walks_the_history():
    c = criterion(
        LevelChange("should"),
        LevelChange("must", date(2023, 1, 1)),
        LevelChange("should", date(2025, 6, 1)),
    )
    assert c.level_on(date(2000, 1, 1)) == "should"
    assert c.level_on(date(2023, 1, 1)) == "must"
    assert c.level_on(date(2025, 5, 31)) == "must"
    assert c.level_on(date(2025, 6, 1)) == "should"


def test_snapshot_round_trip_for_every_shipped_catalog(shipped):
    for catalog in shipped.values():
        snapshot = json.loads(json.dumps(catalog.to_snapshot()))  # as stored in a JSON column
        again = catalog_from_snapshot(snapshot)
        assert again == catalog
        assert again.content_hash == catalog.content_hash
        assert again.extra == catalog.extra


def test_an_altered_snapshot_is_refused(shipped):
    snapshot = shipped["ctpat-msc"].to_snapshot()
    snapshot["criteria"][0]["title"] = "changed after the audit was planned"
    with pytest.raises(ValueError, match="does not match its hash"):
        catalog_from_snapshot(snapshot)


def test_hash_ignores_formatting_but_not_content(tmp_path, shipped):
    original = (HERE.parents[1] / "checklists" / "ctpat" / "seal-verification.yaml").read_text()
    reformatted = tmp_path / "reformatted.yaml"
    reformatted.write_text(
        "# a new comment\n" + original.replace('version: "2019.1"', "version:    '2019.1'")
    )
    assert load_catalog_file(reformatted).content_hash == (
        shipped["ctpat-seal-verification"].content_hash
    )
    changed = tmp_path / "changed.yaml"
    changed.write_text(original.replace("Pull on the seal", "Pull hard on the seal"))
    assert load_catalog_file(changed).content_hash != (
        shipped["ctpat-seal-verification"].content_hash
    )


def test_diff_lists_added_removed_and_changed(shipped):
    old = shipped["ctpat-msc"]
    c39, c11 = old.criterion("3.9"), old.criterion("1.1")
    new_criteria = [c for c in old.criteria if c.id not in ("1.1", "3.9")]
    new_criteria.append(replace(c39, levels=(LevelChange("must"),), requirement="new text"))
    new_criteria.append(replace(c11, id="1.9", entity_types=frozenset({"us_importer"})))
    new_criteria.append(replace(old.criterion("6.2"), entity_types=frozenset({"sea_carrier"})))
    new_criteria = [c for c in new_criteria if c.id != "6.2" or c.entity_types == {"sea_carrier"}]
    new = replace(old, version="next", criteria=tuple(new_criteria))
    new = replace(new, content_hash=compute_content_hash(new))
    result = diff_catalogs(old, new)
    assert [c.id for c in result.added] == ["1.9"]
    assert [c.id for c in result.removed] == ["1.1"]
    changed = {c.id: c for c in result.changed}
    assert set(changed) == {"3.9", "6.2"}
    assert changed["3.9"].kinds == ("text", "level")
    assert changed["6.2"].kinds == ("applicability",)
    assert diff_catalogs(old, old).empty


def test_diff_ignores_criterion_order(shipped):
    old = shipped["ctpat-msc"]
    new = replace(old, criteria=tuple(reversed(old.criteria)))
    assert diff_catalogs(old, new).empty
