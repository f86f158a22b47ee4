"""Who holds which role, among active users: grants, named facility managers, auditors."""

from __future__ import annotations

from sqlmodel import Session, select

from audit_engine.storage.models.people import Facility, RoleGrant, User


def active_grant_rows(session: Session) -> list[tuple[str, str, str | None]]:
    """(e-mail, role, facility code or None) of every active user's role grants."""
    return list(session.exec(
        select(User.email, RoleGrant.role, Facility.code)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .outerjoin(Facility, Facility.id == RoleGrant.facility_id)
        .where(User.active.is_(True))
    ).all())


def active_named_managers(session: Session) -> list[tuple[str, str]]:
    """(e-mail, facility code) of each facility's active named manager."""
    return list(session.exec(
        select(User.email, Facility.code)
        .join(Facility, Facility.manager_id == User.id)
        .where(User.active.is_(True))
    ).all())


def active_holders_at(session: Session, role: str, facility_id: int) -> list[str]:
    """E-mails of the active users granted `role` at this facility specifically."""
    return list(session.exec(
        select(User.email).join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == role, RoleGrant.facility_id == facility_id,
               User.active.is_(True))
    ).all())
