"""Audit teams: the auditors picked for an audit besides its lead."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import AuditTeamMember
from audit_engine.storage.models.people import User


def team_emails(session: Session, audit_id: int, *, active_only: bool = False) -> list[str]:
    """E-mails of the audit's team members, sorted."""
    query = (select(User.email).join(AuditTeamMember, AuditTeamMember.user_id == User.id)
             .where(AuditTeamMember.audit_id == audit_id))
    if active_only:
        query = query.where(User.active.is_(True))
    return sorted(session.exec(query).all())


def add_members(session: Session, pairs: list[tuple[int, int]], now: datetime) -> None:
    """(audit id, user id) pairs onto their audits' teams (flushed, not committed)."""
    session.add_all(AuditTeamMember(audit_id=a, user_id=u, added_at=now)
                    for a, u in sorted(set(pairs)))
    session.flush()


def replace_team(session: Session, audit_id: int, user_ids: list[int], now: datetime) -> None:
    """The audit's team becomes exactly `user_ids` (flushed, not committed)."""
    session.execute(delete(AuditTeamMember).where(AuditTeamMember.audit_id == audit_id))
    add_members(session, [(audit_id, u) for u in user_ids], now)


def audits_with_member(session: Session, user_id: int) -> list[int]:
    """Ids of the audits whose team includes this person."""
    return list(session.exec(
        select(AuditTeamMember.audit_id).where(AuditTeamMember.user_id == user_id)).all())
