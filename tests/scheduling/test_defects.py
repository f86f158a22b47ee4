"""Defects found in review, each pinned by a test that failed before its fix."""

from __future__ import annotations

import pytest

from audit_engine.domain.errors import TransitionNotAllowed
from audit_engine.services.calendar.fieldwork_window import move_fieldwork
from audit_engine.services.review import transitions
from audit_engine.services.trail import show_log
from tests.acting import as_cli
from tests.scheduling.conftest import at
from tests.scheduling.ticking import tick
from tests.scheduling.walk import (
    OFFICER,
    Proof,
    add_program,
    close,
    fieldwork,
    program_audit,
    set_clock,
)


def test_a_closed_or_cancelled_audit_cannot_be_rescheduled(world, tmp_path):
    set_clock(world, at("2027-01-01T07:00"))
    program = add_program(world)
    tick(world, at("2027-01-01T07:00"), send=False)
    q1 = program_audit(world, program.id, "2027-Q1")
    transitions.cancel_audit(world.uow(), world.clock, actor=as_cli(OFFICER), audit=q1,
                             reason="moved")
    with pytest.raises(TransitionNotAllowed, match=f"{q1} is cancelled"):
        move_fieldwork(world.uow(), world.clock, actor=as_cli(OFFICER), audit=q1,
                       starts_on=at("2027-02-01T00:00").date(), days=None,
                       mail_domain="example.com")


def test_carry_forward_skips_an_audit_still_planned(world, tmp_path):
    set_clock(world, at("2027-01-01T07:00"))
    program = add_program(world)
    tick(world, at("2027-01-01T07:00"), send=False)
    q1 = program_audit(world, program.id, "2027-Q1")
    set_clock(world, at("2027-01-20T09:00"))
    fieldwork(world, q1, tmp_path / "q1", [Proof("policy.pdf")])
    set_clock(world, at("2027-03-01T09:00"))
    close(world, q1, with_final_report=False)
    tick(world, at("2027-04-01T07:00"), send=False)  # Q2 opens and stays planned
    tick(world, at("2027-07-01T07:00"), send=False)
    q3 = program_audit(world, program.id, "2027-Q3")
    [event] = [e for e in show_log(world.uow(), q3) if e.action == "audit.carry_forward"]
    assert event.payload["from"] == q1


def test_subscription_removal_is_scoped_and_matches_emails_in_any_case(world):
    from audit_engine.domain.errors import PermissionDenied
    from audit_engine.services.administration.people import add_user
    from audit_engine.services.calendar import subscriptions

    add_user(world.uow(), world.clock, actor=as_cli("admin@example.com"), email="f2.co@example.com",
             name="F2 Officer", roles=["compliance_officer"], facilities=["F2"])

    def add(actor: str, report: str, **params) -> str:
        return subscriptions.add_subscription(
            world.uow(), world.clock, actor=as_cli(actor), report=report, schedule="weekly",
            recipients=["someone@example.com"], **params).id

    def remove(actor: str, ref: str) -> str:
        return subscriptions.remove_subscription(world.uow(), world.clock, actor=as_cli(actor),
                                                 subscription=ref).id

    f1 = add(OFFICER, "facility", facility="F1")
    portfolio = add(OFFICER, "portfolio")
    f2 = add(OFFICER, "facility", facility="F2")
    for ref in (f1, portfolio):
        with pytest.raises(PermissionDenied, match="compliance officer for"):
            remove("f2.co@example.com", ref)
    assert remove("f2.co@example.com", f2) == f2
    assert remove(OFFICER.upper(), f1) == f1  # its creator, whatever the case
