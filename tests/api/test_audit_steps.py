"""One way to take an audit step and one preview of the steps allowed, from the workflow
table: the API's GET /audits/{audit}/transitions and `audit steps` say the same, and
`take_audit_step` refuses a step that needs a reason without one."""

from __future__ import annotations

import json

import pytest

from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import NotFound, TransitionNotAllowed
from audit_engine.services.review.audit_steps import take_audit_step
from audit_engine.workflow.tables import AUDIT
from tests.acting import as_cli
from tests.lifecycle import world


def test_the_preview_lists_the_tables_steps_with_labels_and_reasons(app, cast, api, cli):
    audit = world.plan(app)
    listed = api.get(f"/audits/{audit}/transitions", headers=cast.as_(world.OFFICER))
    assert listed.status_code == 200, listed.text
    steps = {s["event"]: s for s in listed.json()}
    assert set(steps) == {"start", "cancel"}  # from planned, in the officer's roles
    assert steps["start"]["label"] == AUDIT.steps["start"].label
    assert steps["cancel"]["needs_reason"] and not steps["start"]["needs_reason"]
    printed = cli("audit", "steps", audit, "--json", "--as", world.OFFICER)
    assert [s["event"] for s in json.loads(printed.stdout)] == list(steps)
    hidden = api.get(f"/audits/{audit}/transitions", headers=cast.as_(world.OTHER_MANAGER))
    assert hidden.status_code == 404


def test_take_audit_step_reads_the_table(app, cast):
    audit = world.plan(app)
    officer = Actor(world.OFFICER, "api")
    with pytest.raises(TransitionNotAllowed):
        take_audit_step(app.uow(), app.clock, actor=as_cli(officer), audit=audit, event="cancel")
    with pytest.raises(NotFound):
        take_audit_step(app.uow(), app.clock, actor=as_cli(officer), audit=audit, event="reopen")
    done = take_audit_step(app.uow(), app.clock, actor=as_cli(officer), audit=audit, event="cancel",
                           reason="the site closed")
    assert (done.before, done.after) == ("planned", "cancelled")
