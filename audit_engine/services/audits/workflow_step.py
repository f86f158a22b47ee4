"""One step of a workflow, the one way a status changes: load, check who acts, fire, append to
the trail, commit. Audits, findings and corrective actions all move through `take_step`; what
differs between them (how the row is found, who may act, the guard facts, the event's own
writes) comes in as small functions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.permissions import Grant
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.services.webhook_events import queue_from_trail
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import User
from audit_engine.workflow.machines import fire
from audit_engine.workflow.tables import Workflow


@dataclass(frozen=True)
class Target:
    """What a step moves: the row (audit, finding or action), its audit and where it is."""

    row: Any
    audit: Audit | None  # None: a risk assessment's action-plan item
    facility: str  # the audit's facility code
    ref: str  # display id: the trail event's subject


@dataclass(frozen=True)
class Moved:
    target: Target
    user: User
    before: str
    after: str
    at: datetime

    @property
    def version(self) -> int | None:
        """The audit's version this step wrote (the session keeps it after the commit); None
        for a risk assessment's action-plan item, which has no audit."""
        return self.target.audit.version if self.target.audit is not None else None


Check = Callable[[Any, Target, User, list[Grant]], None]
Facts = Callable[[Any, Target, User, datetime], dict[str, Any]]
Apply = Callable[[Any, Target, User, datetime], dict[str, Any] | None]


def take_step(
    uow: UnitOfWork, clock: Clock, *, actor: Actor, workflow: Workflow, event: str,
    load: Callable[[Any], Target], check: Check, facts: Facts | None = None,
    apply: Apply | None = None, context: dict[str, Any] | None = None,
    result: Callable[[Any, Moved], Any] | None = None, at: datetime | None = None,
    before_commit: Callable[[Any, Target, Any], None] | None = None,
) -> Any:
    """Fire `event` of `workflow` on what `load(session)` finds, in one transaction.

    `check` refuses the actor (PermissionDenied) or the moment (wrong audit state); `facts`
    gives the guards what they judge (not recorded); `context` goes to the guards and into the
    trail payload; `apply` does the event's own writes after the state moved and returns more
    payload. `before_commit(session, target, event_record)` runs last in the transaction
    (raise to roll back). `result(session, moved)` builds the return value before the session
    closes. `at`: the event's time (default: the clock's now).
    """
    with uow:
        session = uow.session
        target = load(session)
        user, grants = actor_with_grants(session, actor)
        check(session, target, user, grants)
        now = at or clock.now()
        before = target.row.status
        guard_facts = {**(context or {}), **(facts(session, target, user, now) if facts else {})}
        fire(workflow, target.row, event, subject=target.ref, **guard_facts)
        payload = {"from": before, "to": target.row.status, **(context or {})}
        payload.update((apply(session, target, user, now) if apply else None) or {})
        session.add(target.row)
        if target.audit is not None:
            target.audit.updated_at = now
            session.add(target.audit)
        record = append_event(uow, now, actor, f"{workflow.name}.{event}", target.ref,
                              payload, target.audit.id if target.audit is not None else None)
        queue_from_trail(session, [record])  # webhooks told of it, in the same transaction
        if before_commit:
            before_commit(session, target, record)
        uow.commit()
        moved = Moved(target, user, before, target.row.status, now)
        return result(session, moved) if result else moved
