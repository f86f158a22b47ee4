"""What changed since a page was read, from the trail: its position then (the head's seq) and
the events after it, of an audit or about given subjects (a finding, a corrective action).

`seq` is the trail's primary key and only grows, so "after seq N" is a short range scan."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, select

from audit_engine.domain.integrity.trail import EventRecord
from audit_engine.storage.models.lifecycle import AuditEvent, TrailHead
from audit_engine.storage.trail import record_of


def trail_position(session: Session) -> int:
    """The seq of the trail's last event (0: empty trail)."""
    head = session.get(TrailHead, 1)
    return head.seq if head else 0


def events_after(session: Session, seq: int, *, audit_id: int | None = None,
                 subjects: Sequence[str] = (), before: int | None = None,
                 limit: int = 5) -> list[EventRecord]:
    """The last `limit` events after `seq` (and before `before`), oldest first, of the audit
    and/or about one of the subjects (display ids: "F-3", "CA-2", "A-1")."""
    query = _after(select(AuditEvent), seq, audit_id, subjects)
    if before is not None:
        query = query.where(AuditEvent.seq < before)
    rows = session.exec(query.order_by(AuditEvent.seq.desc()).limit(limit)).all()
    return [record_of(row) for row in reversed(rows)]


def count_after(session: Session, seq: int, *, audit_id: int | None = None,
                subjects: Sequence[str] = ()) -> int:
    """How many such events came after `seq` (a page shows the last few and the count)."""
    from sqlalchemy import func

    query = select(func.count()).select_from(AuditEvent)
    return session.exec(_after(query, seq, audit_id, subjects)).one()


def _after(query, seq: int, audit_id: int | None, subjects: Sequence[str]):
    query = query.where(AuditEvent.seq > seq)
    if audit_id is not None:
        query = query.where(AuditEvent.audit_id == audit_id)
    if subjects:
        query = query.where(AuditEvent.subject.in_(list(subjects)))
    return query
