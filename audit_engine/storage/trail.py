"""The trail's SQL: lock and move the head, insert events, read them back in order.

Built once (the trail is on every write's path); Core on the session's connection, so the rows
join the caller's transaction without the ORM unit of work.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, select

from audit_engine.domain.integrity.trail import EventRecord
from audit_engine.domain.integrity.trail_verify import Head
from audit_engine.storage.models.lifecycle import AuditEvent, TrailHead

_HEAD = TrailHead.__table__
_LOCK_HEAD = (select(_HEAD.c.seq, _HEAD.c.hash, _HEAD.c.key_id)
              .where(_HEAD.c.id == 1).with_for_update())
_INSERT_EVENT = insert(AuditEvent.__table__)
_MOVE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(seq=bindparam("new_seq"), hash=bindparam("new_hash"), key_id=bindparam("new_key"))
)


def lock_head(session: Session) -> tuple[Head, str | None] | None:
    """The head and its key id, locked for this transaction (None: no head row).
    PostgreSQL: FOR UPDATE serializes appends; SQLite: the write transaction already does."""
    row = session.connection().execute(_LOCK_HEAD).first()
    return None if row is None else (Head(row[0], row[1]), row[2])


def insert_events(session: Session, records: Sequence[EventRecord]) -> None:
    """Insert `records` and point the head at the last one (the caller holds the head lock)."""
    if not records:
        return
    connection = session.connection()
    connection.execute(_INSERT_EVENT, [dict(r.__dict__) for r in records])
    last = records[-1]
    connection.execute(_MOVE_HEAD, {"new_seq": last.seq, "new_hash": last.hash,
                                    "new_key": last.key_id})


def read_head(session: Session) -> Head:
    head = session.get(TrailHead, 1)
    return Head(head.seq, head.hash) if head else Head()


def snapshot_reads(session: Session) -> None:
    """On PostgreSQL, one snapshot for the head and every batch: under READ COMMITTED, events
    committed while we walk would show up past the head and read as a deleted tail."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def event_records(session: Session, batch: int = 5000) -> Iterator[EventRecord]:
    """Every event, in seq order, read in batches."""
    last = 0
    while True:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            return
        for row in rows:
            yield record_of(row)
        last = rows[-1].seq


def record_of(row: AuditEvent) -> EventRecord:
    return EventRecord(row.seq, row.at, row.actor, row.action, row.subject, row.audit_id,
                       row.payload, row.prev_hash, row.hash, row.key_id)


def events_spanning_audit(session: Session, audit_id: int) -> list[EventRecord]:
    """Every event from the audit's first to its last, other audits' between them included,
    in trail order (none when the audit has no event)."""
    seqs = session.exec(select(AuditEvent.seq).where(AuditEvent.audit_id == audit_id)
                        .order_by(AuditEvent.seq)).all()
    if not seqs:
        return []
    rows = session.exec(select(AuditEvent).where(AuditEvent.seq >= seqs[0],
                                                 AuditEvent.seq <= seqs[-1])
                        .order_by(AuditEvent.seq)).all()
    return [record_of(row) for row in rows]


def last_event(session: Session, audit_id: int, action: str) -> EventRecord | None:
    """The audit's latest event of this action (e.g. its `audit.close`)."""
    row = session.exec(select(AuditEvent).where(
        AuditEvent.audit_id == audit_id, AuditEvent.action == action)
        .order_by(AuditEvent.seq.desc())).first()
    return None if row is None else record_of(row)


def head_key(session: Session) -> str | None:
    head = session.get(TrailHead, 1)
    return head.key_id if head else None
