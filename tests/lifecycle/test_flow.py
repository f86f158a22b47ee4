"""The lifecycle end to end through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from audit_engine.domain.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from audit_engine.services.administration import people
from audit_engine.services.pages.dossier import audit_dossier, show_audit
from audit_engine.services.review import findings, transitions
from audit_engine.services.trail import verify_log
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import LEAD, MANAGER, OFFICER, OTHER_MANAGER, OWNER


def test_full_walk_to_closed(cast_app, tmp_path):
    app = cast_app
    audit = world.plan(app)
    [action] = world.to_remediation(app, audit, tmp_path)
    world.act(app, OWNER, action, "start")
    fix = tmp_path / "fence-photo.jpg"
    fix.write_bytes(b"\xff\xd8 new fence")
    world.act(app, OWNER, action, "implement", evidence=fix, note="replaced")
    world.act(app, OFFICER, action, "verify", note="checked on site")
    seen = []
    result = transitions.close_audit(
        app.uow(),
        app.clock,
        actor=as_cli(OFFICER),
        audit=audit,
        on_closed=lambda audit_id: seen.append(audit_id) or "report",
    )
    assert (result.after, result.extra) == ("closed", "report")
    dossier = audit_dossier(app.uow(), app.clock, audit)
    assert dossier.audit.status == "closed"
    assert dossier.scorecard.failed_must == 1
    assert dossier.actions[0].notes[0].evidence.startswith("E-")
    assert [e.action for e in dossier.events][:2] == ["audit.plan", "audit.start"]
    assert verify_log(app.uow()).ok
    assert show_audit(app.uow(), app.clock, audit).status == "closed"


def test_guards_name_the_unmet_condition(cast_app, tmp_path):
    app = cast_app
    audit = world.plan(app)
    transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)
    with pytest.raises(TransitionNotAllowed, match="not answered"):
        transitions.submit_audit(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)
    must, should = world.must_and_should(app, audit)
    world.answer(app, LEAD, audit, should, "partial")
    with pytest.raises(TransitionNotAllowed, match=f"partial without a note: {should}"):
        transitions.submit_audit(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)
    world.answer(app, LEAD, audit, must, "compliant")
    with pytest.raises(
        TransitionNotAllowed, match=f"must criterion answered compliant without evidence: {must}"
    ):
        transitions.submit_audit(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)


def test_separation_of_duties_and_scope(cast_app, tmp_path):
    app = cast_app
    audit = world.plan(app, lead=world.LEAD_OFFICER)
    must, should = world.must_and_should(app, audit)
    world.to_review(app, audit, tmp_path, {should: "partial"}, lead=world.LEAD_OFFICER)
    with pytest.raises(PermissionDenied, match="submitted A-1 and cannot approve"):
        transitions.approve_audit(app.uow(), app.clock, actor=as_cli(world.LEAD_OFFICER),
                                  audit=audit)
    with pytest.raises(PermissionDenied, match="may not audit.approve"):
        transitions.approve_audit(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)
    with pytest.raises(PermissionDenied, match="at facility US-NJ-01"):
        transitions.approve_audit(app.uow(), app.clock, actor=as_cli(OTHER_MANAGER), audit=audit)
    with pytest.raises(TransitionNotAllowed, match="findings still draft: F-1"):
        transitions.approve_audit(app.uow(), app.clock, actor=as_cli(MANAGER), audit=audit)
    [finding] = findings.list_findings(app.uow(), audit)
    assert finding.severity == "observation"
    findings.confirm_finding(app.uow(), app.clock, actor=as_cli(OFFICER), finding="F-1")
    transitions.approve_audit(app.uow(), app.clock, actor=as_cli(MANAGER), audit=audit)


def test_an_admin_limited_to_one_facility_cannot_add_users_or_facilities(cast_app):
    app = cast_app
    local = "local.admin@example.com"
    people.add_user(app.uow(), app.clock, actor=as_cli(world.ADMIN), email=local, name="Lou",
                    roles=["admin"], facilities=[world.FACILITY])
    with pytest.raises(PermissionDenied, match="may not user.add"):  # e.g. a global admin
        people.add_user(app.uow(), app.clock, actor=as_cli(local), email="new.admin@example.com",
                        name="New", roles=["admin"])
    with pytest.raises(PermissionDenied, match="may not facility.add"):
        people.add_facility(app.uow(), app.clock, actor=as_cli(local), code="CA-01", name="Toronto",
                            entity_type="us_importer")
    assert "new.admin@example.com" not in [u.email for u in people.list_users(app.uow())]


def test_implementer_cannot_verify(cast_app, tmp_path):
    app = cast_app
    audit = world.plan(app)
    [action] = world.to_remediation(app, audit, tmp_path)
    both = "manager.officer@example.com"
    people.add_user(
        app.uow(),
        app.clock,
        actor=as_cli(world.ADMIN),
        email=both,
        name="Mo",
        roles=["manager", "compliance_officer"],
        facilities=[world.FACILITY],
    )
    world.act(app, both, action, "start")
    world.act(app, both, action, "implement")
    with pytest.raises(PermissionDenied, match="implemented CA-1 or recorded its evidence"):
        world.act(app, both, action, "verify", note="fine")
    with pytest.raises(TransitionNotAllowed, match="no implementation evidence and no note"):
        world.act(app, OFFICER, action, "verify")
    with pytest.raises(TransitionNotAllowed, match="actions not verified: CA-1"):
        transitions.close_audit(app.uow(), app.clock, actor=as_cli(OFFICER), audit=audit)


def test_bad_input_changes_nothing(cast_app, tmp_path):
    app = cast_app
    audit = world.plan(app)
    before = verify_log(app.uow()).events
    with pytest.raises(NotFound):
        transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(LEAD), audit="A-99")
    with pytest.raises(TransitionNotAllowed, match="answers are editable only in fieldwork"):
        world.answer(app, LEAD, audit, "1.1", "compliant")
    transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)
    with pytest.raises(InvalidInput, match="result 'maybe'"):
        world.answer(app, LEAD, audit, "1.1", "maybe")
    with pytest.raises(NotFound, match="criterion '99.9'"):
        world.answer(app, LEAD, audit, "99.9", "compliant")
    with pytest.raises(PermissionDenied):
        world.answer(app, OWNER, audit, "1.1", "compliant")
    assert verify_log(app.uow()).events == before + 1


def test_a_user_address_the_mailer_would_refuse_is_refused_at_the_door(app):
    from audit_engine.domain.errors import InvalidInput
    from audit_engine.services.administration import people

    with pytest.raises(InvalidInput, match="is not an email address"):
        people.add_user(app.uow(), app.clock, actor=None, email="ada(admin)@example.com",
                        name="Ada", roles=["admin"])
