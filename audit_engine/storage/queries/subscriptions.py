"""Report subscriptions due to run, and the counts that tell whether a report has news."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import Audit, CorrectiveAction
from audit_engine.storage.models.people import Facility, User
from audit_engine.storage.models.scheduling import ReportSubscription


def due_subscriptions(session: Session, now: datetime) -> list[ReportSubscription]:
    return list(session.exec(
        select(ReportSubscription).where(ReportSubscription.next_run_at <= now)
    ).all())


def audit_count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Audit)).one()


def action_count(session: Session, statuses, owner: str | None = None) -> int:
    """Corrective actions in `statuses`, of the owner with this e-mail when given."""
    query = (select(func.count()).select_from(CorrectiveAction)
             .where(CorrectiveAction.status.in_(statuses)))
    if owner:
        query = query.join(User, User.id == CorrectiveAction.owner_id).where(User.email == owner)
    return session.exec(query).one()


def latest_audit_at(session: Session, facility_code: str | None) -> Audit | None:
    """The facility's most recently planned audit (None: no such facility or no audit)."""
    return session.exec(
        select(Audit).join(Facility, Facility.id == Audit.facility_id)
        .where(Facility.code == facility_code).order_by(Audit.id.desc())
    ).first()
