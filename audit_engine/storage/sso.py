"""Queries of single sign-on: linked identities, sign-ins under way, mapped grants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlmodel import Session

from audit_engine.storage.models.people import Facility, RoleGrant
from audit_engine.storage.models.sso import SsoAttempt, SsoIdentity


def identity(session: Session, issuer: str, subject: str) -> SsoIdentity | None:
    return session.scalars(select(SsoIdentity).where(
        SsoIdentity.issuer == issuer, SsoIdentity.subject == subject)).first()


def identities_of(session: Session, user_id: int) -> list[SsoIdentity]:
    return list(session.scalars(select(SsoIdentity).where(SsoIdentity.user_id == user_id)
                                .order_by(SsoIdentity.id)))


def take_attempt(session: Session, state_hash: str) -> SsoAttempt | None:
    """The attempt, removed in the same transaction: a state works once."""
    row = session.get(SsoAttempt, state_hash, with_for_update=True)
    if row is not None:
        session.delete(row)
    return row


def forget_attempts_before(session: Session, before: datetime) -> None:
    session.execute(delete(SsoAttempt).where(SsoAttempt.created_at < before))


def grants_with_codes(session: Session, user_id: int) -> list[tuple[RoleGrant, str]]:
    """The user's grant rows with their facility code (`*`: every facility)."""
    rows = session.execute(
        select(RoleGrant, Facility.code).outerjoin(Facility, Facility.id == RoleGrant.facility_id)
        .where(RoleGrant.user_id == user_id).order_by(RoleGrant.id)).all()
    return [(grant, code or "*") for grant, code in rows]


def facility_ids(session: Session, codes: set[str]) -> dict[str, int]:
    if not codes:
        return {}
    rows = session.execute(select(Facility.code, Facility.id).where(Facility.code.in_(codes)))
    return {code: number for code, number in rows}
