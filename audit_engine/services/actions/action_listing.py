"""Corrective actions at the facilities the actor may see: audits' actions and risk
assessments' action-plan items."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.lifecycle import ActionId, AuditId
from audit_engine.domain.rules.overdue import UNVERIFIED
from audit_engine.domain.rules.permissions import visible_facilities
from audit_engine.services.actions.action_views import action_detail_view, action_view
from audit_engine.services.audits.listing import require_visible
from audit_engine.services.audits.read_models import ActionDetail, ActionView
from audit_engine.services.lookup import action_by_ref, actor_with_grants, audit_by_ref
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage.queries.actions import actions_at, actions_listed
from audit_engine.storage.trail_changes import trail_position


def visible_actions(
    uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId | None = None,
    overdue: bool = False
) -> list[ActionView]:
    today = clock.now().date()
    number = require_visible(uow, actor=actor, kind="audit", ref=audit) if audit else None
    with uow.reading():
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        rows = actions_at(session, visible_facilities(grants), audit_id=number,
                          overdue_on=today if overdue else None)
        return [action_view(session, a, today) for a in rows]


def list_actions(uow: UnitOfWork, clock: Clock, *, audit: AuditId | None = None,
                 overdue: bool = False) -> list[ActionView]:
    today = clock.now().date()
    with uow.reading():
        session = uow.session
        audit_id = audit_by_ref(session, audit).id if audit else None
        rows = actions_listed(session, audit_id=audit_id, due_before=today if overdue else None,
                              unverified=UNVERIFIED)
        return [action_view(session, a, today) for a in rows]


@dataclass(frozen=True)
class VisibleAction:
    view: ActionDetail
    version: int  # an audit's action: its audit's version; a risk item: the trail position


def visible_action(uow: UnitOfWork, clock: Clock, *, actor: Actor,
                   action: ActionId) -> VisibleAction:
    """One action the actor may see, with its notes. Its version is what a write names in
    If-Match: the audit's version for an audit's action; for a risk assessment's action-plan
    item (no audit) the trail's position as read, so a write is refused when the item changed
    since (`act_on`'s `unchanged_since`)."""
    require_visible(uow, actor=actor, kind="action", ref=action)
    with uow.reading():
        session = uow.session
        row = action_by_ref(session, action)
        version = (audit_by_ref(session, row.audit_id).version if row.audit_id is not None
                   else trail_position(session))
        return VisibleAction(action_detail_view(session, row, clock.now().date()), version)
