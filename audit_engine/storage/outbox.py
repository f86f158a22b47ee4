"""Outbox queries: idempotent enqueue, atomic claim, and the status changes of a message.

Claiming is one statement on both databases:
    UPDATE outbox_message SET status='sending', ... WHERE id IN (
        SELECT id ... WHERE status='pending' AND next_attempt_at <= :now
        ORDER BY next_attempt_at LIMIT :n FOR UPDATE SKIP LOCKED) RETURNING ...
PostgreSQL skips rows another dispatcher holds; SQLite ignores FOR UPDATE and relies on the
write transaction having taken the lock up front (BEGIN IMMEDIATE, see storage/engine.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, func, select, update
from sqlmodel import Session

from audit_engine.storage.bulk import insert_new_by_key
from audit_engine.storage.models.scheduling import OutboxMessage

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
STATUSES = (PENDING, SENDING, SENT, FAILED)


def enqueue(session: Session, rows: list[dict]) -> int:
    """INSERT ... ON CONFLICT (dedupe_key) DO NOTHING; returns how many rows were new."""
    if not rows:
        return 0
    # Core execution (not ORM bulk): RETURNING gives exactly the rows that were new.
    return insert_new_by_key(session.connection(), OutboxMessage.__table__, rows)



def claim(session: Session, now: datetime, limit: int) -> list[OutboxMessage]:
    """Move up to `limit` due pending rows to `sending` and return them (one attempt counted)."""
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(due.scalar_subquery()))
        .values(status=SENDING, claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False)
    )
    rows = list(session.scalars(statement))
    return sorted(rows, key=lambda row: (row.next_attempt_at, row.id))


_TABLE = OutboxMessage.__table__
# Built once, executed once per sent message as plain Core (no ORM bulk-update machinery):
# the mark must stay one short transaction per message (only the message in flight may go
# twice after a crash), so what it costs is per message. Half the time of an ORM update.
_MARK_SENT = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("row_id"), _TABLE.c.status == SENDING)
    .values(
        status=SENT,
        sent_at=bindparam("at"),
        last_error=bindparam("note"),
        subject=bindparam("rendered_subject"),
        body_text=bindparam("rendered_text"),
        body_html=bindparam("rendered_html"),
    )
)


def mark_sent(
    session: Session, message_id: int, now: datetime, rendered: dict, note: str | None = None
) -> None:
    session.connection().execute(
        _MARK_SENT,
        {
            "row_id": message_id,
            "at": now,
            "note": note,
            "rendered_subject": rendered["subject"],
            "rendered_text": rendered["body_text"],
            "rendered_html": rendered["body_html"],
        },
    )


def mark_retry(session: Session, message_id: int, error: str, next_attempt_at: datetime) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == SENDING)
        .values(
            status=PENDING,
            last_error=error[:2000],
            next_attempt_at=next_attempt_at,
            claimed_at=None,
        )
    )


def mark_failed(session: Session, message_id: int, error: str) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == SENDING)
        .values(status=FAILED, last_error=error[:2000], claimed_at=None)
    )


def release(session: Session, message_ids: list[int]) -> None:
    """Give back claimed rows we did not get to; the attempt did not happen."""
    if message_ids:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(message_ids), OutboxMessage.status == SENDING)
            .values(status=PENDING, claimed_at=None, attempts=OutboxMessage.attempts - 1)
        )


def reap(session: Session, claimed_before: datetime) -> int:
    """Rows stuck in `sending` (their dispatcher died): back to pending. May resend one."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < claimed_before)
        .values(
            status=PENDING, claimed_at=None, last_error="dispatcher stopped while sending; retrying"
        )
    )
    return max(result.rowcount, 0)


def rearm(session: Session, message_id: int, now: datetime) -> OutboxMessage | None:
    """`outbox retry`: a failed (or pending) row goes out again at once, attempts reset."""
    row = session.get(OutboxMessage, message_id)
    if row is None:
        return None
    if row.status in (FAILED, PENDING):
        row.status, row.attempts, row.next_attempt_at = PENDING, 0, now
        row.claimed_at = None
        session.add(row)
    return row


def list_messages(session: Session, status: str | None, limit: int) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    return list(session.scalars(query))


def count_by_status(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    )
    return {status: count for status, count in rows}


def oldest_pending_at(session: Session) -> datetime | None:
    """When the oldest message still waiting to go out was queued."""
    return session.scalar(select(func.min(OutboxMessage.created_at))
                          .where(OutboxMessage.status.in_(("pending", "sending"))))


def latest_context_before(session: Session, prefix: str, before: str) -> dict | None:
    """The context of the latest message whose dedupe key starts with `prefix` and sorts
    before `before` (keys ending in a date sort by date)."""
    pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return session.execute(
        select(OutboxMessage.context)
        .where(OutboxMessage.dedupe_key.like(pattern, escape="\\"),
               OutboxMessage.dedupe_key < before)
        .order_by(OutboxMessage.dedupe_key.desc()).limit(1)
    ).scalars().first()
