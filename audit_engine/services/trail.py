"""The audit trail: append in the caller's transaction, show per audit, verify the chain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session, select

from audit_engine.domain.actor import Actor, actor_email, via_of
from audit_engine.domain.errors import Conflict
from audit_engine.domain.lifecycle import display_id
from audit_engine.domain.trail import ChainReport, EventRecord, canonical, event_hash, verify_chain
from audit_engine.services.integrations.webhook_events import queue_from_trail
from audit_engine.services.lookup import audit_by_ref
from audit_engine.storage.models.lifecycle import AuditEvent, TrailHead

# Built once (the trail is on every write's path); Core on the session's connection, so the
# rows join the caller's transaction without the ORM unit of work.
_HEAD = TrailHead.__table__
_LOCK_HEAD = select(_HEAD.c.seq, _HEAD.c.hash).where(_HEAD.c.id == 1).with_for_update()
_INSERT_EVENT = insert(AuditEvent.__table__)
_MOVE_HEAD = (
    update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))
)


@dataclass(frozen=True)
class NewEvent:
    """What a write appends to the trail; seq and hashes are given when it is appended."""

    at: datetime
    actor: Actor | str  # an Actor's channel is recorded as payload["via"]
    action: str
    subject: str
    payload: dict[str, Any] | None = None
    audit_id: int | None = None


def append_event(
    session: Session,
    at: datetime,
    actor: Actor | str,
    action: str,
    subject: str,
    payload: dict[str, Any] | None = None,
    audit_id: int | None = None,
) -> EventRecord:
    """Add the next trail event to the current transaction."""
    return append_events(session, [NewEvent(at, actor, action, subject, payload, audit_id)])[0]


def append_events(session: Session, events: Sequence[NewEvent]) -> list[EventRecord]:
    """Chain `events` onto the trail in the current transaction, in one INSERT.

    Pending changes are flushed first (so a stale audit fails before we queue on the trail),
    then the head row is locked: on PostgreSQL FOR UPDATE serializes appends; on SQLite the
    write transaction (BEGIN IMMEDIATE) already does.
    """
    session.flush()
    connection = session.connection()
    head = connection.execute(_LOCK_HEAD).first()
    if head is None:
        raise Conflict("the audit trail head is missing; run `audit-engine db upgrade`")
    seq, prev_hash = head
    records = []
    for new in events:
        record = EventRecord(
            seq + 1, new.at, actor_email(new.actor), new.action, new.subject, new.audit_id,
            canonical(_with_via(new.payload, new.actor)), prev_hash,
        )  # fmt: skip
        record = replace(record, hash=event_hash(record))
        records.append(record)
        seq, prev_hash = record.seq, record.hash
    if records:
        connection.execute(_INSERT_EVENT, [dict(r.__dict__) for r in records])
        connection.execute(_MOVE_HEAD, {"new_seq": seq, "new_hash": prev_hash})
        queue_from_trail(session, records)  # webhooks told of these events, same transaction
    return records


def _with_via(payload: dict[str, Any] | None, actor: Actor | str) -> dict[str, Any]:
    """The channel the actor came through joins the hashed payload (absent for a bare e-mail)."""
    via = via_of(actor)
    return {**(payload or {}), "via": via} if via else (payload or {})


def event_view(event: AuditEvent) -> dict[str, Any]:
    import json

    return {
        "seq": event.seq,
        "at": event.at,
        "actor": event.actor,
        "action": event.action,
        "subject": event.subject,
        "audit": display_id("audit", event.audit_id) if event.audit_id else None,
        "payload": json.loads(event.payload),
        "hash": event.hash,
    }


def show_log(uow, audit_ref: str) -> list[dict[str, Any]]:
    with uow.reading():
        audit = audit_by_ref(uow.session, audit_ref)
        events = uow.session.exec(
            select(AuditEvent).where(AuditEvent.audit_id == audit.id).order_by(AuditEvent.seq)
        ).all()
        return [event_view(e) for e in events]


def verify_log(uow, batch: int = 5000) -> ChainReport:
    with uow.reading():
        if uow.session.get_bind().dialect.name == "postgresql":
            # One snapshot for the head and every batch: under READ COMMITTED, events committed
            # while we walk would show up past the head and read as a deleted tail.
            uow.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        head = uow.session.get(TrailHead, 1)
        head_seq, head_hash = (head.seq, head.hash) if head else (0, "0" * 64)
        return verify_chain(_records(uow.session, batch), head_seq, head_hash)


def _records(session: Session, batch: int):
    last = 0
    while True:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.seq > last).order_by(AuditEvent.seq).limit(batch)
        ).all()
        if not rows:
            return
        for row in rows:
            yield EventRecord(
                row.seq,
                row.at,
                row.actor,
                row.action,
                row.subject,
                row.audit_id,
                row.payload,
                row.prev_hash,
                row.hash,
            )
        last = rows[-1].seq
