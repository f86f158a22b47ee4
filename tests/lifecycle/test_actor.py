"""The Actor: who acts and through which door; the trail records both."""

from __future__ import annotations

import json

import pytest

from audit_engine.domain.actor import Actor
from audit_engine.services.review import transitions
from audit_engine.services.trail import show_log
from tests.lifecycle import world


def test_an_actor_is_a_lower_case_email_and_one_known_channel():
    assert Actor(" Lead@Example.COM ", "web") == Actor("lead@example.com", "web")
    assert str(Actor("lead@example.com", "api")) == "lead@example.com"
    with pytest.raises(ValueError, match="carrier pigeon"):
        Actor("lead@example.com", "carrier pigeon")


def test_the_trail_records_the_channel_an_actor_came_through(app):
    world.cast(app)
    audit = world.plan(app)
    transitions.start_fieldwork(app.uow(), app.clock, actor=Actor(world.LEAD, "web"), audit=audit)
    event = show_log(app.uow(), audit)[-1]
    assert (event.action, event.actor) == ("audit.start", world.LEAD)
    assert event.payload["via"] == "web"


def test_the_cli_acts_as_its_operator_through_the_cli(app, cli):
    world.cast(app)
    audit = world.plan(app)
    assert cli("audit", "start", audit, "--as", world.LEAD).returncode == 0
    log = json.loads(cli("log", "show", audit, "--json", "--as", world.LEAD).stdout)
    assert log[-1]["payload"]["via"] == "cli" and log[-1]["actor"] == world.LEAD
