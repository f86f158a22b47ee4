"""A finding confirmed or dismissed from the audit page: the decision, and which audit page the
person goes back to (or the refusal that page shows when the finding changed meanwhile)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import StaleRecord, TransitionNotAllowed
from audit_engine.domain.rules.lifecycle import FindingId
from audit_engine.services.pages.audit_visibility import finding_audit
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.review.findings import confirm_finding, dismiss_finding

DECISIONS = {"confirm": confirm_finding, "dismiss": dismiss_finding}


@dataclass(frozen=True)
class Decision:
    finding: str  # F-<n>
    audit: str  # A-<n>, the page to go back to
    refused: StaleRecord | TransitionNotAllowed | None  # changed since the page was read


def decide_finding(uow: UnitOfWork, clock: Clock, *, actor: Actor, finding: FindingId,
                   decision: str, unchanged_since: int | None, **options: Any) -> Decision:
    """`decision` is "confirm" or "dismiss"; `options` are its own (severity, reason)."""
    audit = finding_audit(uow, actor=actor, finding=finding)
    try:
        DECISIONS[decision](uow, clock, actor=actor, finding=finding,
                            unchanged_since=unchanged_since, **options)
    except (StaleRecord, TransitionNotAllowed) as refused:
        return Decision(finding, audit, refused)
    return Decision(finding, audit, None)
