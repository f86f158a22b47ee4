"""Corrective actions at the facilities the actor may see."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from audit_engine.domain.actor import Actor
from audit_engine.domain.permissions import visible_facilities
from audit_engine.services.audits.actions import action_view
from audit_engine.services.audits.listing import require_visible
from audit_engine.services.lookup import actor_with_grants
from audit_engine.storage.models.lifecycle import Audit, CorrectiveAction
from audit_engine.storage.models.people import Facility


def visible_actions(
    uow, clock, *, actor: Actor | str, audit: str | None = None, overdue: bool = False
) -> list[dict[str, Any]]:
    today = clock.now().date()
    query = (
        select(CorrectiveAction)
        .join(Audit, Audit.id == CorrectiveAction.audit_id)
        .join(Facility, Facility.id == Audit.facility_id)
        .order_by(CorrectiveAction.id)
    )
    if audit:
        number = require_visible(uow, actor=actor, kind="audit", ref=audit)
        query = query.where(CorrectiveAction.audit_id == number)
    if overdue:
        query = query.where(CorrectiveAction.due < today, CorrectiveAction.status != "verified")
    with uow.reading():
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        visible = visible_facilities(grants)
        if visible is not None:
            query = query.where(Facility.code.in_(sorted(visible)))
        return [action_view(session, a, today) for a in session.exec(query).all()]
