"""Queries for the administration of people and facilities: grants, admins, open actions."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from audit_engine.storage.models.lifecycle import Audit, CorrectiveAction
from audit_engine.storage.models.people import Facility, RoleGrant, User
from audit_engine.storage.models.risk import RiskAssessment

OPEN_ACTION_STATUSES = ("open", "in_progress", "implemented")


def find_grant(session: Session, user_id: int, role: str, facility_id: int | None):
    query = select(RoleGrant).where(RoleGrant.user_id == user_id, RoleGrant.role == role)
    if facility_id is None:
        query = query.where(RoleGrant.facility_id.is_(None))
    else:
        query = query.where(RoleGrant.facility_id == facility_id)
    return session.scalars(query).first()


def add_grant(session: Session, user_id: int, role: str, facility_id: int | None) -> None:
    session.add(RoleGrant(user_id=user_id, role=role, facility_id=facility_id))


def remove(session: Session, row) -> None:
    session.delete(row)


def active_admins(session: Session) -> int:
    """Active users holding the admin role for every facility."""
    return session.scalar(
        select(func.count(func.distinct(User.id)))
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == "admin", RoleGrant.facility_id.is_(None), User.active.is_(True))
    )


def _action_facility_id():
    """An audit's action belongs to the audit's facility, a risk action-plan item to the
    assessed facility."""
    return func.coalesce(Audit.facility_id, RiskAssessment.facility_id)


def _with_facility(query):
    return (query.select_from(CorrectiveAction)
            .outerjoin(Audit, Audit.id == CorrectiveAction.audit_id)
            .outerjoin(RiskAssessment, RiskAssessment.id == CorrectiveAction.risk_assessment_id)
            .join(Facility, Facility.id == _action_facility_id()))


def open_actions_owned_by(session: Session, user_id: int) -> list[tuple[int, str, str]]:
    """(action id, status, facility code) of the user's unverified corrective actions."""
    rows = session.execute(
        _with_facility(select(CorrectiveAction.id, CorrectiveAction.status, Facility.code))
        .where(CorrectiveAction.owner_id == user_id,
               CorrectiveAction.status.in_(OPEN_ACTION_STATUSES))
        .order_by(CorrectiveAction.id)
    )
    return [tuple(r) for r in rows]


def facility_code_of_action(session: Session, action_id: int) -> str:
    return session.scalar(
        _with_facility(select(Facility.code)).where(CorrectiveAction.id == action_id))


def facility_has_audit(session: Session, facility_id: int) -> bool:
    return session.scalar(
        select(func.count()).select_from(Audit).where(Audit.facility_id == facility_id)
    ) > 0


def save(session: Session, row) -> None:
    session.add(row)

