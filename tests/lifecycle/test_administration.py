"""The administration after `user add`: edits, grants, deactivation, reassigning actions,
facility edits and the answer sheet; each refusal named, nothing written."""

from __future__ import annotations

import json

import pytest

from audit_engine.domain.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
)
from audit_engine.services.actions.reassign import reassign_action
from audit_engine.services.administration import facility_changes, people, user_changes
from audit_engine.services.fieldwork import answers
from audit_engine.services.pages.answer_sheet import answer_sheet
from audit_engine.services.review import transitions
from audit_engine.services.trail import verify_log
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import ADMIN, FACILITY, LEAD, OFFICER, OWNER


def roles_of(app, email: str) -> list[str]:
    return next(list(u.roles) for u in people.list_users(app.uow()) if u.email == email)


def test_grant_revoke_edit_and_their_refusals(cast_app):
    app, uow, clock = cast_app, cast_app.uow, cast_app.clock
    user_changes.grant_role(uow(), clock, actor=as_cli(ADMIN), email=OWNER, role="auditor",
                            facility=FACILITY)
    assert f"auditor@{FACILITY}" in roles_of(app, OWNER)
    user_changes.revoke_role(uow(), clock, actor=as_cli(ADMIN), email=OWNER, role="auditor",
                             facility=FACILITY)
    assert f"auditor@{FACILITY}" not in roles_of(app, OWNER)
    user_changes.edit_user(uow(), clock, actor=as_cli(ADMIN), email=OWNER, name="Omar Owner")
    before = verify_log(uow()).events
    refusals = [
        (InvalidInput, "role 'boss'", dict(email=OWNER, role="boss")),
        (NotFound, "facility 'NOPE'", dict(email=OWNER, role="auditor", facility="NOPE")),
        (Conflict, "holds action_owner@US-NJ-01 already",
         dict(email=OWNER, role="action_owner", facility=FACILITY)),
    ]
    for error, message, args in refusals:
        with pytest.raises(error, match=message):
            user_changes.grant_role(uow(), clock, actor=as_cli(ADMIN), **args)
    with pytest.raises(PermissionDenied, match="last active admin"):
        user_changes.revoke_role(uow(), clock, actor=as_cli(ADMIN), email=ADMIN, role="admin")
    with pytest.raises(PermissionDenied, match="may not user.edit"):
        user_changes.grant_role(uow(), clock, actor=as_cli(OFFICER), email=OWNER, role="auditor")
    assert verify_log(uow()).events == before


def test_a_deactivated_user_cannot_act_and_their_actions_are_reassigned(cast_app, tmp_path):
    app, uow, clock = cast_app, cast_app.uow, cast_app.clock
    [action] = world.to_remediation(app, world.plan(app), tmp_path)
    with pytest.raises(PermissionDenied, match="cannot deactivate yourself"):
        user_changes.set_user_active(uow(), clock, actor=as_cli(ADMIN), email=ADMIN, active=False)
    gone = user_changes.set_user_active(uow(), clock, actor=as_cli(ADMIN), email=OWNER,
                                        active=False)
    assert gone.open_actions == (action,)
    with pytest.raises(PermissionDenied, match="deactivated and cannot act"):
        from audit_engine.services.actions import actions
        actions.act_on(uow(), clock, app.evidence_store(), actor=as_cli(OWNER), action=action,
                       event="start")
    with pytest.raises(PermissionDenied, match="cannot be action owner at US-NJ-01"):
        reassign_action(uow(), clock, actor=as_cli(OFFICER), action=action, owner=LEAD)
    with pytest.raises(PermissionDenied, match="deactivated"):
        reassign_action(uow(), clock, actor=as_cli(OFFICER), action=action, owner=OWNER)
    moved = reassign_action(uow(), clock, actor=as_cli(OFFICER), action=action, owner=world.MANAGER)
    assert (moved.previous_owner, moved.owner) == (OWNER, world.MANAGER)
    user_changes.set_user_active(uow(), clock, actor=as_cli(ADMIN), email=OWNER, active=True)
    assert next(u for u in people.list_users(uow()) if u.email == OWNER).active


def test_facility_edit_keeps_the_entity_type_once_audited(cast_app):
    app, uow, clock = cast_app, cast_app.uow, cast_app.clock
    changed = facility_changes.edit_facility(uow(), clock, actor=as_cli(ADMIN), code="MX-01",
                                             name="Monterrey plant", manager=world.OTHER_MANAGER,
                                             entity_type="foreign_manufacturer")
    assert set(changed.changes) == {"name", "manager_id", "entity_type"}
    world.plan(app)
    with pytest.raises(TransitionNotAllowed, match="has audits"):
        facility_changes.edit_facility(uow(), clock, actor=as_cli(ADMIN), code=FACILITY,
                                       entity_type="highway_carrier")
    with pytest.raises(InvalidInput, match="country 'Mexico'"):
        facility_changes.edit_facility(uow(), clock, actor=as_cli(ADMIN), code="MX-01",
                                       country="Mexico")


def test_answer_sheet_and_a_submit_refusal_that_names_what_is_left(cast_app):
    app, uow, clock = cast_app, cast_app.uow, cast_app.clock
    audit = world.plan(app)
    transitions.start_fieldwork(uow(), clock, actor=as_cli(LEAD), audit=audit)
    answers.record_answer(uow(), clock, actor=as_cli(LEAD), audit=audit, criterion="1.1",
                          result="compliant")
    every = answer_sheet(uow(), clock, actor=as_cli(LEAD), audit=audit)
    left = answer_sheet(uow(), clock, actor=as_cli(LEAD), audit=audit, unanswered=True)
    assert len(left) == len(every) - 1 and "1.1" not in [a.criterion for a in left]
    assert every[0].title
    with pytest.raises(PermissionDenied, match="needs role .*manager at facility US-NJ-01"):
        answer_sheet(uow(), clock, actor=as_cli(world.OTHER_MANAGER), audit=audit)
    with pytest.raises(TransitionNotAllowed,
                       match=f"not answered: {len(left)} criteria: 1.2, 1.3, .* and 71 more"):
        transitions.submit_audit(uow(), clock, actor=as_cli(LEAD), audit=audit)


def test_administration_commands(cast_app, cli):
    def run(*args, code=0):
        done = cli(*args, "--as", ADMIN)
        assert done.returncode == code, (args, done.stdout, done.stderr)
        return done

    assert "granted auditor@US-NJ-01" in run("user", "grant", OWNER, "--role", "auditor",
                                             "--facility", FACILITY).stdout
    assert "role" in run("user", "grant", OWNER, "--role", "boss", code=2).stderr
    assert "facility 'NOPE' not found" in run("user", "grant", OWNER, "--role", "auditor",
                                              "--facility", "NOPE", code=4).stderr
    assert "last active admin" in run("user", "revoke", ADMIN, "--role", "admin",
                                      code=3).stderr
    assert "cannot deactivate yourself" in run("user", "deactivate", ADMIN, code=3).stderr
    shown = json.loads(run("user", "deactivate", OWNER, "--json").stdout)
    assert shown["change"] == "user.deactivate"
    assert "name" in run("facility", "edit", "MX-01", "--name", "Monterrey 2").stdout
    listed = json.loads(cli("user", "list", "--json", "--as", ADMIN).stdout)
    assert next(u for u in listed if u["email"] == OWNER)["active"] is False
