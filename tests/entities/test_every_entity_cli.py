"""`checklists show ctpat-msc --entity TYPE --json` through the installed command for every one
of the twelve entity types: its criteria, each with its confidence, only ids of the shipped
(sourced) catalog, and the profile's status with counts that add up. No database needed."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from audit_engine.domain.rules.catalog import ENTITY_TYPES
from tests.conftest import COMMAND

CONFIDENCES = {"cbp", "secondary", "assumed"}


@pytest.fixture(scope="module")
def show(tmp_path_factory):
    assert COMMAND.exists(), f"the audit-engine command is not installed at {COMMAND}"
    home = tmp_path_factory.mktemp("home")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
    env["AUDIT_ENGINE_HOME"] = str(home)

    def run(*args: str) -> dict:
        done = subprocess.run([str(COMMAND), "checklists", "show", "ctpat-msc", *args, "--json"],
                              env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return run


@pytest.fixture(scope="module")
def sourced(show) -> set[str]:
    return {c["id"] for c in show()["criteria"]}


@pytest.mark.parametrize("entity", sorted(ENTITY_TYPES))
def test_each_entity_lists_its_criteria_with_confidence(show, sourced, entity):
    view = show("--entity", entity)
    criteria = view["criteria"]
    assert criteria and {c["id"] for c in criteria} <= sourced
    assert all(c["applicability"][entity] in CONFIDENCES for c in criteria)
    profile = view["profile"]
    assert profile["entity_type"] == entity and profile["status"] in ("complete", "partial")
    counts = [sum(c["applicability"][entity] == k for c in criteria) for k in sorted(CONFIDENCES)]
    assert counts == [profile[k] for k in sorted(CONFIDENCES)]
    assert sum(counts) == profile["criteria"] == len(criteria)


def test_importer_and_foreign_manufacturer_differ(show):
    importer = {c["id"] for c in show("--entity", "us_importer")["criteria"]}
    maker = {c["id"] for c in show("--entity", "foreign_manufacturer")["criteria"]}
    assert importer != maker
