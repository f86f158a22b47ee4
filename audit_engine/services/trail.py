"""The audit trail: append in the caller's transaction, show per audit, verify the chain."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from audit_engine.domain.errors import Conflict
from audit_engine.domain.lifecycle import display_id
from audit_engine.domain.trail import ChainReport, EventRecord, canonical, event_hash, verify_chain
from audit_engine.services.lookup import audit_by_ref
from audit_engine.storage.models.lifecycle import AuditEvent, TrailHead


def append_event(
    session: Session,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    payload: dict[str, Any] | None = None,
    audit_id: int | None = None,
) -> AuditEvent:
    """Add the next trail event to the current transaction.

    Pending changes are flushed first (so a stale audit fails before we queue on the trail),
    then the head row is locked: on PostgreSQL FOR UPDATE serializes appends; on SQLite the
    write transaction (BEGIN IMMEDIATE) already does.
    """
    session.flush()
    head = session.exec(select(TrailHead).where(TrailHead.id == 1).with_for_update()).first()
    if head is None:
        raise Conflict("the audit trail head is missing; run `audit-engine db upgrade`")
    record = EventRecord(
        seq=head.seq + 1,
        at=at,
        actor=actor,
        action=action,
        subject=subject,
        audit_id=audit_id,
        payload=canonical(payload or {}),
        prev_hash=head.hash,
    )
    event = AuditEvent(**{**record.__dict__, "hash": event_hash(record)})
    session.add(event)
    head.seq, head.hash = event.seq, event.hash
    session.add(head)
    return event


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
