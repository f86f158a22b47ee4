"""What the fieldwork calendar reads: audits with their facility, lead and fieldwork window,
and the calendar-feed links (kept as SHA-256 hashes)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, delete, or_
from sqlmodel import Session, select

from audit_engine.storage.models.accounts import CalendarFeed
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility, User
from audit_engine.storage.models.scheduling import FieldworkWindow


def calendar_rows(session: Session, first: date | None = None, last: date | None = None):
    """(id, status, period, due, facility code, name, time zone, lead e-mail, window start,
    window end) of every audit not cancelled, oldest first; with `first` and `last`, only
    those due or with fieldwork between them (inclusive)."""
    query = (
        select(Audit.id, Audit.status, Audit.period, Audit.due, Facility.code, Facility.name,
               Facility.time_zone, User.email, FieldworkWindow.starts_on,
               FieldworkWindow.ends_on)
        .join(Facility, Facility.id == Audit.facility_id)
        .outerjoin(User, User.id == Audit.lead_id)
        .outerjoin(FieldworkWindow, FieldworkWindow.audit_id == Audit.id)
        .where(Audit.status != "cancelled")
        .order_by(Audit.id)
    )
    if first is not None and last is not None:
        query = query.where(or_(
            and_(Audit.due >= first, Audit.due <= last),
            and_(FieldworkWindow.starts_on <= last, FieldworkWindow.ends_on >= first)))
    return list(session.exec(query).all())


def feed_of(session: Session, user_id: int) -> CalendarFeed | None:
    return session.get(CalendarFeed, user_id)


def feed_owner(session: Session, token_hash: str) -> User | None:
    """The active user whose feed link has this hash (None: no such link)."""
    return session.exec(
        select(User).join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.token_hash == token_hash, User.active.is_(True))).first()


def replace_feed(session: Session, user_id: int, token_hash: str, now: datetime) -> None:
    drop_feed(session, user_id)
    session.add(CalendarFeed(user_id=user_id, token_hash=token_hash, created_at=now))
    session.flush()


def drop_feed(session: Session, user_id: int) -> bool:
    """Whether there was a link to drop."""
    gone = session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user_id))
    session.flush()
    return bool(gone.rowcount)
