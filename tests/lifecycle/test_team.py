"""An audit's team: picked when planning (auditors at the facility only), changed while the
audit is planned, in the trail, and the fieldwork invite's and reminders' recipients; the CLI's
`audit plan --team/--reaudit` and `audit replan` call the same services."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from audit_engine.domain.errors import PermissionDenied, TransitionNotAllowed
from audit_engine.services.administration import people
from audit_engine.services.mail.recipients import audit_team
from audit_engine.services.planning import planning, steering
from audit_engine.storage.models.lifecycle import Audit
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import AUDITOR2, FACILITY, LEAD, OFFICER, OWNER

LOCAL = "local.auditor@example.com"  # an auditor at MX-01 only


def _cast(app) -> None:
    world.cast(app)
    people.add_user(app.uow(), app.clock, actor=as_cli(world.ADMIN), email=LOCAL, name="Lola",
                    roles=["auditor"], facilities=["MX-01"])


def _plan(app, team, facility=FACILITY):
    return planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(OFFICER),
                               facility=facility, checklist=world.CHECKLIST,
                               period=world.PERIOD, lead=LEAD, team=team)


def _recipients(app, number: int) -> list[str]:
    with app.uow() as uow:
        return audit_team(uow.session, uow.session.get(Audit, number))


def test_a_team_is_planned_changed_and_reached(app):
    _cast(app)
    planned = _plan(app, [AUDITOR2, LEAD])  # the lead is not repeated on the team
    assert _recipients(app, planned.number) == [AUDITOR2, LEAD]
    changed = steering.change_plan(app.uow(), app.clock, actor=as_cli(OFFICER), audit=planned.id,
                                   team=[])
    assert changed.changes == ("team",) and changed.team == ()
    version = changed_version = _version(app, planned.number)
    again = steering.change_plan(app.uow(), app.clock, actor=as_cli(OFFICER), audit=planned.id,
                                 team=[])
    assert again.changes == () and _version(app, planned.number) == changed_version == version
    # without a team: the lead and the auditors granted at that facility specifically
    assert _recipients(app, planned.number) == [LEAD]
    local = _plan(app, [], facility="MX-01")
    assert _recipients(app, local.number) == [LEAD, LOCAL]


def _version(app, number: int) -> int:
    with app.uow() as uow:
        return uow.session.get(Audit, number).version


@pytest.mark.parametrize(("team", "words"), [
    ([OWNER], "cannot be on the audit team at US-NJ-01"),
    ([LOCAL], "cannot be on the audit team at US-NJ-01"),
    (["nobody@example.com"], "team member 'nobody@example.com' not found"),
])
def test_only_auditors_at_the_facility_join_and_nothing_is_written(app, team, words):
    _cast(app)
    with pytest.raises(Exception, match=words):
        _plan(app, team)
    with app.uow() as uow:
        assert uow.session.get(Audit, 1) is None


def test_the_team_is_fixed_once_fieldwork_starts(app):
    _cast(app)
    planned = _plan(app, [AUDITOR2])
    with pytest.raises(PermissionDenied, match="on the audit team"):
        steering.change_plan(app.uow(), app.clock, actor=as_cli(OFFICER), audit=planned.id,
                             team=[OWNER])
    from audit_engine.services.review.transitions import start_fieldwork

    start_fieldwork(app.uow(), app.clock, actor=as_cli(LEAD), audit=planned.id)
    with pytest.raises(TransitionNotAllowed, match="lead and team can change"):
        steering.change_plan(app.uow(), app.clock, actor=as_cli(OFFICER), audit=planned.id, team=[])


def test_the_cli_plans_a_team_replans_and_reaudits(app, cli):
    _cast(app)
    planned = cli("audit", "plan", "--facility", FACILITY, "--checklist", world.CHECKLIST,
                  "--period", world.PERIOD, "--lead", LEAD, "--team", AUDITOR2, "--as", OFFICER)
    assert planned.returncode == 0, planned.stderr
    assert planned.stdout.strip().endswith(f"lead {LEAD}, team {AUDITOR2}")
    due = (app.clock.now().date() + timedelta(days=30)).isoformat()
    moved = cli("audit", "replan", "A-1", "--due", due, "--lead", AUDITOR2, "--no-team",
                "--as", OFFICER)
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout.strip() == (f"A-1: changed due, lead, team; due {due}, lead"
                                    f" {AUDITOR2}, team none")
    bad = cli("audit", "replan", "A-1", "--lead", OWNER, "--as", OFFICER)
    assert bad.returncode == 3 and "lead auditor" in bad.stderr and "Traceback" not in bad.stderr
    reaudit = cli("audit", "plan", "--facility", FACILITY, "--checklist", world.CHECKLIST,
                  "--period", world.PERIOD, "--lead", LEAD, "--reaudit", "--as", OFFICER)
    assert reaudit.returncode != 0 and "not closed yet" in reaudit.stderr
    trail = json.loads(cli("log", "show", "A-1", "--json", "--as", OFFICER).stdout)
    [replan] = [e["payload"] for e in trail if e["action"] == "audit.replan"]
    assert (replan["from"]["team"], replan["to"]) == ([AUDITOR2], {"due": due, "lead": AUDITOR2,
                                                                   "team": []})


def test_the_team_hears_an_action_is_ready_to_verify(app, tmp_path):
    """AUDITOR2 may audit everywhere but is granted at no facility in particular: only being
    on the audit's team makes the implemented action's hand-off reach them."""
    from sqlmodel import select

    from audit_engine.storage.models.scheduling import OutboxMessage

    _cast(app)
    planned = _plan(app, [AUDITOR2])
    [action] = world.to_remediation(app, planned.id, tmp_path)
    for event in ("start", "implement"):
        world.act(app, OWNER, action, event, note="Fence mended")
    with app.uow().reading() as uow:
        rows = uow.session.exec(select(OutboxMessage).where(
            OutboxMessage.rule == "action_implemented")).all()
    assert [r.recipients for r in rows] == [[AUDITOR2, LEAD]]
