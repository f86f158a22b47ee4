"""One audit transition: load, check who acts, gather the guard facts, fire, trail, commit;
and the close transition itself, which closing (with its final report) builds on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.guards import ActionFacts
from audit_engine.domain.rules.lifecycle import AuditId, display_id
from audit_engine.domain.rules.permissions import require, require_read
from audit_engine.services.audits.workflow_step import Moved, Target, take_step
from audit_engine.services.lookup import audit_at_facility, check_version
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage.queries.actions import actions_of_audit
from audit_engine.workflow.tables import AUDIT


@dataclass(frozen=True)
class Transitioned:
    audit: str  # display id
    event: str
    before: str
    after: str
    version: int
    extra: Any = None  # what an on_closed collaborator returned


def audit_transition(
    uow: UnitOfWork, clock: Clock, *, actor: Actor, audit_ref, event, expected_version, facts,
    apply=None,
    context=None, at=None, before_commit=None,
) -> Transitioned:
    """The shape every audit transition shares; `facts(session, audit)` gives guard context,
    `apply(session, audit, user, now)` does the event's own writes after the state moved,
    `before_commit(session, audit, event_record)` runs last in the transaction (raise to roll
    back). `at`: the event's time (default: now)."""

    def load(session) -> Target:
        audit, facility_code = audit_at_facility(session, audit_ref)
        return Target(audit, audit, facility_code, display_id("audit", audit.id))

    def check(session, target: Target, user, grants) -> None:
        # Who may not read the audit is told it is not found, before its version or rights
        # are judged: checked in the step's own transaction (not a read before it).
        require_read(actor, grants, "audit.read", target.facility, f"audit {target.ref}")
        check_version(target.row, expected_version)
        require(actor, grants, f"audit.{event}", target.facility)

    def done(session, moved: Moved) -> Transitioned:
        if moved.version is None:  # an audit's own step always has its audit
            raise TypeError(f"{moved.target.ref}: a transition without its audit")
        return Transitioned(moved.target.ref, event, moved.before, moved.after, moved.version)

    return take_step(
        uow, clock, actor=actor, workflow=AUDIT, event=event, load=load, check=check,
        facts=facts and (lambda session, target, user, now: facts(session, target.row, user)),
        apply=apply and (lambda session, target, user, now: apply(session, target.row, user, now)),
        context=context, result=done, at=at,
        before_commit=before_commit and (
            lambda session, target, record: before_commit(session, target.row, record)),
    )


def close_transition(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId | int,
                     expected_version: int | None = None, at=None, before_commit=None,
                     seen: dict | None = None) -> Transitioned:
    """The close transition itself; `seen["version"]` receives the version it started from."""

    def facts(session, row, user):
        if seen is not None:
            seen["version"] = row.version
        actions = actions_of_audit(session, row.id)
        return {"actions": [ActionFacts(display_id("action", a.id), a.status) for a in actions]}

    def apply(session, row, user, now):
        row.closed_at = now

    return audit_transition(
        uow, clock, actor=actor, audit_ref=audit, event="close",
        expected_version=expected_version, facts=facts, apply=apply, at=at,
        before_commit=before_commit,
    )  # fmt: skip
