"""The in-app inbox and notification preferences: rows in, counts and pages out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, select

from audit_engine.storage.bulk import insert_new_by_key
from audit_engine.storage.models.notifications import InboxItem, NotificationPreference
from audit_engine.storage.models.people import User


def add_items(session: Session, rows: list[dict]) -> int:
    """INSERT ... ON CONFLICT (dedupe_key) DO NOTHING, as the outbox does."""
    if not rows:
        return 0
    return insert_new_by_key(session.connection(), InboxItem.__table__, rows)


def user_ids(session: Session, emails: Iterable[str]) -> dict[str, int]:
    wanted = sorted(set(emails))
    if not wanted:
        return {}
    return dict(session.exec(select(User.email, User.id).where(User.email.in_(wanted),
                                                                User.active)).all())


def items(session: Session, user_id: int, since: datetime, limit: int) -> list[InboxItem]:
    return list(session.exec(
        select(InboxItem).where(InboxItem.user_id == user_id, InboxItem.created_at >= since)
        .order_by(InboxItem.created_at.desc(), InboxItem.id.desc()).limit(limit)).all())


def mark_read(session: Session, user_id: int, now: datetime, item_id: int | None = None) -> int:
    """One item (or all of the person's) read; returns how many changed."""
    query = update(InboxItem).where(InboxItem.user_id == user_id, InboxItem.read_at.is_(None))
    if item_id is not None:
        query = query.where(InboxItem.id == item_id)
    return session.execute(query.values(read_at=now)).rowcount


def purge_before(session: Session, before: datetime) -> int:
    return session.execute(delete(InboxItem).where(InboxItem.created_at < before)).rowcount


def preferences(session: Session, user_ids_: Iterable[int], kinds: Iterable[str]) -> dict:
    """{(user id, kind): NotificationPreference} of those that are stored."""
    ids, wanted = sorted(set(user_ids_)), sorted(set(kinds))
    if not ids or not wanted:
        return {}
    rows = session.exec(select(NotificationPreference).where(
        NotificationPreference.user_id.in_(ids), NotificationPreference.kind.in_(wanted))).all()
    return {(r.user_id, r.kind): r for r in rows}


def preference_rows(session: Session, user_id: int) -> list[NotificationPreference]:
    return list(session.exec(select(NotificationPreference).where(
        NotificationPreference.user_id == user_id)).all())


def save_preference(session: Session, user_id: int, kind: str, channel: str, attach_pdf: bool,
                    now: datetime) -> None:
    row = session.get(NotificationPreference, (user_id, kind))
    if row is None:
        row = NotificationPreference(user_id=user_id, kind=kind, channel=channel,
                                     attach_pdf=attach_pdf, updated_at=now)
    row.channel, row.attach_pdf, row.updated_at = channel, attach_pdf, now
    session.add(row)


def attaches_pdf(session: Session, email: str, kind: str) -> bool:
    found = session.exec(select(NotificationPreference.attach_pdf)
                         .join(User, User.id == NotificationPreference.user_id)
                         .where(User.email == email, NotificationPreference.kind == kind)).first()
    return bool(found)
