"""One way to take an audit step, for the CLI, the web and the API alike: the event's name,
checked against the workflow table (which also says which steps need a reason and which one
stores the final report), then the step's own service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import NotFound
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.review import transitions
from audit_engine.services.review.audit_transition import Transitioned
from audit_engine.workflow.tables import AUDIT

STEPS: dict[str, Callable[..., Transitioned]] = {
    "start": transitions.start_fieldwork,
    "submit": transitions.submit_audit,
    "return": transitions.return_audit,
    "approve": transitions.approve_audit,
    "close": transitions.close_audit,
    "cancel": transitions.cancel_audit,
}
assert set(STEPS) == set(AUDIT.events), "every audit event has its service"


def take_audit_step(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId | int,
                    event: str,
                    expected_version: int | None = None, reason: str | None = None,
                    final_report: Callable[[], Any] | None = None) -> Transitioned:
    """Fire `event` on the audit. A step that needs a reason gets `reason` (refused by its
    guard when empty); the step that stores the final report gets `final_report()` (made only
    then: the App's `final_report_hook`, which needs the renderer) as its `on_closed`."""
    if event not in STEPS:
        raise NotFound.said("no step %(event)r", event=event)
    extra: dict[str, Any] = {}
    if AUDIT.needs_reason(event):
        extra["reason"] = reason or ""
    if AUDIT.steps[event].final_report:
        extra["on_closed"] = final_report() if final_report else None
    return STEPS[event](uow, clock, actor=actor, audit=audit,
                        expected_version=expected_version, **extra)
