"""Issue 28 item 12: `log verify --deep` names edits of every field the trail records, on
SQLite and PostgreSQL, and docs/workflow.md lists exactly what is compared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audit_engine.domain.integrity.trail_replay import COMPARED
from audit_engine.services.risk import assessments
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import OFFICER, OTHER_MANAGER, OWNER
from tests.trail.copies import copy_installation, drop_copy
from tests.trail.tampering import sql
from tests.trail.test_replay_property import deep

DOCS = Path(__file__).resolve().parents[2] / "docs" / "workflow.md"


def snapshot_edit(app, _):
    cast = "snapshot::text" if app.engine.dialect.name == "postgresql" else "snapshot"
    back = "::json" if app.engine.dialect.name == "postgresql" else ""
    sql(app, f"UPDATE criteria_snapshot SET snapshot = replace({cast}, 'seal', 'SEAL'){back}")


CASES = {
    "an evidence link deleted": lambda app, w: sql(
        app, "DELETE FROM evidence_link WHERE id = (SELECT max(id) FROM evidence_link)"),
    "valid_until changed": lambda app, w: sql(app, "UPDATE evidence SET valid_until='2099-12-31'"),
    "a role grant inserted": lambda app, w: sql(
        app, "INSERT INTO role_grant (user_id, role, facility_id) SELECT id, 'admin', NULL "
             "FROM app_user WHERE email=:e", e=OWNER),
    "a facility's manager switched": lambda app, w: sql(
        app, "UPDATE facility SET manager_id=(SELECT id FROM app_user WHERE email=:e)",
        e=OTHER_MANAGER),
    "an action note edited": lambda app, w: sql(app, "UPDATE action_note SET text='all good'"),
    "an action note deleted": lambda app, w: sql(app, "DELETE FROM action_note"),
    "the pinned checklist edited": snapshot_edit,
    "a risk rating lowered": lambda app, w: sql(app, "UPDATE risk_item SET rating='low'"),
    "a risk text edited": lambda app, w: sql(app, "UPDATE risk_assessment SET cargo_flow='x'"),
    "a user's e-mail changed": lambda app, w: sql(
        app, "UPDATE app_user SET email='mallory@example.com' WHERE email=:e", e=OWNER),
    "a lead auditor switched": lambda app, w: sql(
        app, "UPDATE audit SET lead_id=(SELECT id FROM app_user WHERE email=:e)", e=OFFICER),
}


@pytest.fixture
def installation(app, tmp_path):
    world.cast(app)
    audit = world.plan(app)
    [action] = world.to_remediation(app, audit, tmp_path)
    proof = tmp_path / "fixed.pdf"
    proof.write_bytes(b"%PDF-1.4 the fence is fixed\n")
    for event, attach in (("start", None), ("implement", proof)):
        world.act(app, OWNER, action, event, note=f"{event}ed", evidence=attach)
    msc = next(c for c in app.catalogs() if c.id == "ctpat-msc")
    risk = assessments.open_assessment(app.uow(), app.clock, actor=as_cli(OFFICER),
                                       facility=world.FACILITY).id
    assessments.record_step(
        app.uow(),
        app.clock,
        actor=as_cli(OFFICER),
        assessment=risk,
        step="map",
        text="Plant -> port -> DC",
    )
    assessments.add_item(app.uow(), app.clock, msc, actor=as_cli(OFFICER), assessment=risk,
                         kind="threat", name="Theft", rating="high")
    assert deep(app) == []
    return app


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_edit_is_named(installation, tmp_path, case):
    copy = copy_installation(installation, tmp_path / "copy")
    try:
        CASES[case](copy, None)
        found = deep(copy)
    finally:
        drop_copy(copy)
    assert found, f"{case}: not found"


def test_the_docs_list_exactly_what_is_compared():
    text = DOCS.read_text(encoding="utf-8")
    table = text.split("<!-- compared:start -->")[1].split("<!-- compared:end -->")[0]
    rows = re.findall(r"^\s*\| (\w+) \| ([\w, ]+) \|$", table, re.M)
    documented = {kind: tuple(f.strip() for f in fields.split(",")) for kind, fields in rows
                  if kind != "record"}
    assert documented == COMPARED
