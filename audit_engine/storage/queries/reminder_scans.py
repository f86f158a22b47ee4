"""What the tick's reminder scan reads, each a range on an indexed date column: fieldwork
windows starting, audits due, audits just closed, unverified corrective actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import Answer, Audit, CorrectiveAction, Finding
from audit_engine.storage.models.people import Facility, User
from audit_engine.storage.models.risk import RiskAssessment
from audit_engine.storage.models.scheduling import FieldworkWindow


def windows_starting(session: Session, first: date, last: date,
                     status: str) -> list[tuple[FieldworkWindow, Audit, Facility]]:
    """Fieldwork windows starting between `first` and `last`, of audits in `status`."""
    return list(session.exec(
        select(FieldworkWindow, Audit, Facility)
        .join(Audit, Audit.id == FieldworkWindow.audit_id)
        .join(Facility, Facility.id == Audit.facility_id)
        .where(FieldworkWindow.starts_on.between(first, last), Audit.status == status)
    ).all())


def audits_due(session: Session, first: date, last: date,
               statuses) -> list[tuple[Audit, Facility]]:
    """Audits in `statuses` due between `first` and `last`, with their facility."""
    return list(session.exec(
        select(Audit, Facility)
        .join(Facility, Facility.id == Audit.facility_id)
        .where(Audit.due.between(first, last), Audit.status.in_(statuses))
    ).all())


def unanswered_counts(session: Session, audit_ids: list[int]) -> dict[int, int]:
    """{audit id: criteria without a result} of those audits that have any."""
    if not audit_ids:
        return {}
    return dict(session.exec(
        select(Answer.audit_id, func.count())
        .where(Answer.audit_id.in_(audit_ids), Answer.result.is_(None))
        .group_by(Answer.audit_id)
    ).all())


def audits_closed_between(session: Session, first: datetime, last: datetime,
                          status: str) -> list[tuple[Audit, Facility]]:
    """Audits in `status` closed between `first` and `last`, with their facility."""
    return list(session.exec(
        select(Audit, Facility)
        .join(Facility, Facility.id == Audit.facility_id)
        .where(Audit.closed_at >= first, Audit.closed_at <= last, Audit.status == status)
    ).all())


def audits_in(session: Session, statuses) -> list[tuple[Audit, str]]:
    """Audits in `statuses` with their facility's code."""
    return list(session.exec(select(Audit, Facility.code)
                             .join(Facility, Facility.id == Audit.facility_id)
                             .where(Audit.status.in_(statuses))).all())


def actions_due_by(session: Session, statuses, horizon: date) -> list[tuple]:
    """(action, criterion id, checklist hash, lead id, facility code, owner e-mail, owner
    name) of the actions in `statuses` due by `horizon`: an audit's, and a risk assessment's
    action-plan items (no finding, no audit: their facility is the assessed one)."""
    return list(session.exec(
        select(CorrectiveAction, Finding.criterion_id, Audit.checklist_hash, Audit.lead_id,
               Facility.code, User.email, User.name)
        .select_from(CorrectiveAction)
        .outerjoin(Finding, Finding.id == CorrectiveAction.finding_id)
        .outerjoin(Audit, Audit.id == CorrectiveAction.audit_id)
        .outerjoin(RiskAssessment, RiskAssessment.id == CorrectiveAction.risk_assessment_id)
        .join(Facility, Facility.id == func.coalesce(Audit.facility_id,
                                                     RiskAssessment.facility_id))
        .join(User, User.id == CorrectiveAction.owner_id)
        .where(CorrectiveAction.status.in_(statuses), CorrectiveAction.due <= horizon)
    ).all())
