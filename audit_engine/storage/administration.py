"""Queries of the administration pages: one person's account and grants, the fieldwork windows
of programme audits that can still move, and the codes and ids the forms offer."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlmodel import Session

from audit_engine.storage.models.accounts import UserCredential
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility, RoleGrant, User
from audit_engine.storage.models.scheduling import FieldworkWindow

DONE_STATUSES = ("closed", "cancelled")  # their fieldwork cannot move any more


class Account(NamedTuple):
    user_id: int
    email: str
    name: str
    active: bool
    has_password: bool
    second_factor: bool
    language: str | None  # their own; None: their facility's default


class Window(NamedTuple):
    audit_id: int
    program_id: int
    facility: str
    period: str
    status: str
    starts_on: date
    ends_on: date
    sequence: int


def account(session: Session, email: str) -> Account | None:
    """The user by e-mail with whether they have a password and a second factor."""
    row = session.execute(
        select(User.id, User.email, User.name, User.active, UserCredential.password_hash,
               UserCredential.totp_enabled_at, User.language)
        .outerjoin(UserCredential, UserCredential.user_id == User.id)
        .where(User.email == email.strip().lower())
    ).first()
    if row is None:
        return None
    user_id, email, name, active, password_hash, totp_on, language = row
    return Account(user_id, email, name, active, bool(password_hash), totp_on is not None,
                   language)


def direct_grants(session: Session, user_id: int) -> list[tuple[str, str | None, str | None]]:
    """(role, facility code or None for every facility, the identity provider whose groups
    gave it or None for a hand grant), the grants `user revoke` can remove; a facility's
    named manager is not among them (that is the facility's manager field)."""
    rows = session.execute(
        select(RoleGrant.role, Facility.code, RoleGrant.mapped_by)
        .outerjoin(Facility, Facility.id == RoleGrant.facility_id)
        .where(RoleGrant.user_id == user_id)
        .order_by(RoleGrant.role, Facility.code)
    )
    return [(role, code, mapped) for role, code, mapped in rows]


def managed_facilities(session: Session, user_id: int) -> list[str]:
    return list(session.scalars(
        select(Facility.code).where(Facility.manager_id == user_id).order_by(Facility.code)))


def movable_windows(session: Session) -> list[Window]:
    """Fieldwork windows of programme audits neither closed nor cancelled, soonest first."""
    rows = session.execute(
        select(Audit.id, Audit.program_id, Facility.code, Audit.period, Audit.status,
               FieldworkWindow.starts_on, FieldworkWindow.ends_on, FieldworkWindow.sequence)
        .join(Audit, Audit.id == FieldworkWindow.audit_id)
        .join(Facility, Facility.id == Audit.facility_id)
        .where(Audit.status.not_in(DONE_STATUSES))
        .order_by(FieldworkWindow.starts_on, Audit.id)
    )
    return [Window(*row) for row in rows]
