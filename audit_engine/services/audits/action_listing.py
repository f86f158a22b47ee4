"""Corrective actions at the facilities the actor may see."""

from __future__ import annotations

from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.permissions import visible_facilities
from audit_engine.services.audits.actions import action_view
from audit_engine.services.audits.listing import require_visible
from audit_engine.services.lookup import actor_with_grants
from audit_engine.storage.queries.actions import audit_actions_at


def visible_actions(
    uow, clock, *, actor: Actor | str, audit: str | None = None, overdue: bool = False
) -> list[dict[str, Any]]:
    today = clock.now().date()
    number = require_visible(uow, actor=actor, kind="audit", ref=audit) if audit else None
    with uow.reading():
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        rows = audit_actions_at(session, visible_facilities(grants), audit_id=number,
                                overdue_on=today if overdue else None)
        return [action_view(session, a, today) for a in rows]
