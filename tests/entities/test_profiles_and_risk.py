"""Entity profiles and the Five Step Risk Assessment on a real database (SQLite and PostgreSQL):
a partial profile refuses a plan unless allowed, an imported profile plans exactly its ids, and a
risk assessment's action-plan item is a corrective action verified through the usual gate."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from audit_engine.bootstrap import build_app
from audit_engine.domain.clock import FixedClock
from audit_engine.domain.errors import PartialProfile, PermissionDenied
from audit_engine.services.actions import action_listing, actions
from audit_engine.services.administration import people
from audit_engine.services.administration.checklists import all_checklist_files
from audit_engine.services.administration.profile_import import import_profile
from audit_engine.services.planning import planning
from audit_engine.services.reports.audit_data import load_audit_view
from audit_engine.services.risk import assessments
from audit_engine.storage.models.lifecycle import Answer, Audit, EvidenceLink
from tests.acting import as_cli

ADMIN, OFFICER, LEAD, OWNER = ("admin@example.com", "co@example.com", "lead@example.com",
                               "owner@example.com")  # fmt: skip
NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def cast(app) -> None:
    uow, clock = app.uow, app.clock
    people.add_user(uow(), clock, actor=None, email=ADMIN, name="Ada", roles=["admin"])
    for code, entity in (("RAIL-01", "rail_carrier"), ("NJ-01", "us_importer")):
        people.add_facility(uow(), clock, actor=as_cli(ADMIN), code=code, name=code,
                            entity_type=entity)
    for email, role, where in ((OFFICER, "compliance_officer", ()), (LEAD, "auditor", ()),
                               (OWNER, "action_owner", ("NJ-01",))):  # fmt: skip
        people.add_user(uow(), clock, actor=as_cli(ADMIN), email=email, name=email, roles=[role],
                        facilities=where)  # fmt: skip


@pytest.fixture
def world(app):
    app.clock = FixedClock(NOW)
    cast(app)
    return app


def plan(app, facility: str, checklist: str = "ctpat-msc", **options):
    return planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(OFFICER),
                               facility=facility, checklist=checklist, period="2027-Q1",
                               lead=LEAD, **options)  # fmt: skip


def answer_ids(app, audit_id: int) -> set[str]:
    with app.uow().reading() as uow:
        query = select(Answer.criterion_id).where(Answer.audit_id == audit_id)
        return set(uow.session.exec(query))


def report_view(app, audit_id: int):
    with app.uow().reading() as reading:
        return load_audit_view(reading.session, reading.session.get(Audit, audit_id))


def risk_action(app, due: date) -> tuple[str, str]:
    """A risk assessment of NJ-01 opened with one action for OWNER, due `due`: their ids."""
    ra = assessments.open_assessment(app.uow(), app.clock, actor=as_cli(OFFICER),
                                     facility="NJ-01").id
    view = assessments.add_plan_action(app.uow(), app.clock, actor=as_cli(OFFICER),
                                       assessment=ra, owner=OWNER, due=due,
                                       plan="Fence the yard")
    return ra, view.actions[0].id


def test_a_partial_profile_is_refused_unless_allowed(world, cli):
    with pytest.raises(PartialProfile, match="rail_carrier profile of ctpat-msc@2026.1 is partial"):
        plan(world, "RAIL-01")
    args = ("audit", "plan", "--facility", "RAIL-01", "--checklist", "ctpat-msc", "--period",
            "2027-Q1", "--lead", LEAD, "--as", OFFICER)  # fmt: skip
    refused = cli(*args)
    assert refused.returncode == 3 and "is partial" in refused.stderr
    assert "--allow-partial-profile" in refused.stderr
    accepted = plan(world, "RAIL-01", allow_partial_profile=True)
    msc = next(c for c in world.catalogs() if c.id == "ctpat-msc")
    assert answer_ids(world, accepted.number) == {c.id for c in msc.for_entity("rail_carrier")}
    cover = report_view(world, accepted.number)
    assert cover.profile.partial
    assert (cover.profile.status, cover.profile.criteria) == ("partial", 23)


def test_an_imported_profile_plans_exactly_its_ids(world, tmp_path, settings):
    company = tmp_path / "company"
    company.mkdir()
    sheet = tmp_path / "rail.csv"
    ids = ["1.1", "5.1", "5.2", "6.1", "6.2", "7.2", "7.37", "11.5", "3.7"]
    sheet.write_text("id,level\n" + "".join(f"{cid},must\n" for cid in ids))
    import_profile(world.catalogs(), sheet, entity_type="rail_carrier", catalog_id="acme-rail",
                   base_ref="ctpat-msc", output=company / "acme-rail.yaml",
                   context_files=all_checklist_files(settings.shipped_checklists_dir, ()),
                   today=NOW.date())  # fmt: skip
    app = build_app(replace(settings, checklist_dirs=(company,)), FixedClock(NOW))
    try:
        planned = plan(app, "RAIL-01", checklist="acme-rail")
        assert answer_ids(app, planned.number) == set(ids)
    finally:
        app.dispose()


def test_a_risk_action_is_a_corrective_action_verified_through_the_usual_gate(world, tmp_path):
    uow, clock, store = world.uow, world.clock, world.evidence_store()
    ra = assessments.open_assessment(uow(), clock, actor=as_cli(OFFICER), facility="NJ-01").id
    assessments.record_step(uow(), clock, actor=as_cli(OFFICER), assessment=ra, step="map",
                            text="Plant -> port -> DC")  # fmt: skip
    msc = next(c for c in world.catalogs() if c.id == "ctpat-msc")
    view = assessments.add_item(uow(), clock, msc, actor=as_cli(OFFICER), assessment=ra,
                                kind="threat",
                                name="Contraband smuggling", rating="high")  # fmt: skip
    assessments.add_item(uow(), clock, msc, actor=as_cli(OFFICER), assessment=ra,
                         kind="vulnerability",
                         name="Yard lighting", rating="low", criterion="9.6")  # fmt: skip
    assessments.record_step(uow(), clock, actor=as_cli(OFFICER), assessment=ra,
                            step="documentation",
                            text="Team with CBP's guide")  # fmt: skip
    with pytest.raises(Exception, match="high-rated item needs an action"):
        assessments.complete_assessment(uow(), clock, store, actor=as_cli(OFFICER), assessment=ra)
    view = assessments.add_plan_action(
        uow(), clock, actor=as_cli(OFFICER), assessment=ra, owner=OWNER, due=date(2027, 1, 31),
        plan="Escort every load to the border", item=view.items[0].id,
    )  # fmt: skip
    action = view.actions[0].id
    done = assessments.complete_assessment(uow(), clock, store, actor=as_cli(OFFICER),
                                           assessment=ra)
    assert done.status == "completed" and done.next_due == date(2027, 12, 3)

    listed = {a.id: a for a in action_listing.list_actions(uow(), clock)}
    assert listed[action].risk_assessment == ra and listed[action].owner == OWNER
    photo = tmp_path / "escort-log.pdf"
    photo.write_bytes(b"%PDF escort log")
    actions.act_on(uow(), clock, store, actor=as_cli(OWNER), action=action, event="start")
    actions.act_on(uow(), clock, store, actor=as_cli(OWNER), action=action, event="implement",
                   evidence=photo, note="escorts since January")  # fmt: skip
    with pytest.raises(PermissionDenied):
        actions.act_on(uow(), clock, store, actor=as_cli(OWNER), action=action, event="verify")
    verified = actions.act_on(uow(), clock, store, actor=as_cli(OFFICER), action=action,
                              event="verify")
    assert verified.status == "verified"

    audit = plan(world, "NJ-01")
    with world.uow().reading() as reading:
        links = reading.session.exec(select(EvidenceLink.criterion_id).where(
            EvidenceLink.audit_id == audit.number)).all()  # fmt: skip
    assert links == ["2.1"]
    risk = report_view(world, audit.number).risk
    assert risk.assessment == ra
    assert risk.ratings == (("high", 1), ("medium", 0), ("low", 1))  # codes: the report words them
    [line] = [f for f in assessments.list_facility_risk(uow(), clock, actor=as_cli(OFFICER))
              if f.facility == "NJ-01"]  # fmt: skip
    assert line.last_assessed == NOW.date() and not line.overdue
    later = FixedClock(NOW + timedelta(days=366))
    [late] = [f for f in assessments.list_facility_risk(uow(), later, actor=as_cli(OFFICER))
              if f.facility == "NJ-01"]  # fmt: skip
    assert late.overdue


def test_a_risk_action_is_listed_on_deactivation_and_reassigned(world):
    from audit_engine.services.actions.reassign import reassign_action
    from audit_engine.services.administration.user_changes import set_user_active

    uow, clock = world.uow, world.clock
    _, action = risk_action(world, date(2027, 1, 31))
    people.add_user(uow(), clock, actor=as_cli(ADMIN), email="mgr@example.com", name="Mo",
                    roles=["manager"], facilities=["NJ-01"])
    assert set_user_active(uow(), clock, actor=as_cli(ADMIN), email=OWNER,
                           active=False).open_actions == (action,)
    moved = reassign_action(uow(), clock, actor=as_cli(OFFICER), action=action,
                            owner="mgr@example.com")
    assert moved.owner == "mgr@example.com"


def test_an_overdue_risk_action_is_in_its_owners_daily_reminder(world):
    from audit_engine.storage.models.scheduling import OutboxMessage
    from tests.scheduling.ticking import tick

    uow = world.uow
    ra, action = risk_action(world, date(2026, 12, 10))
    tick(world, datetime(2026, 12, 20, 7, 0, tzinfo=UTC), send=False)
    with uow().reading() as reading:
        rows = reading.session.exec(select(OutboxMessage).where(
            OutboxMessage.rule == "action_reminder")).all()
        mine = [r for r in rows if r.recipients == [OWNER]]
        assert len(mine) == 1
        assert action in json.dumps(mine[0].context) and ra in json.dumps(mine[0].context)
        assert f"{ra} · Risk assessment 2026, action plan" in json.dumps(mine[0].context,
                                                                        ensure_ascii=False)
