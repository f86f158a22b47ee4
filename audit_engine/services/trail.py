"""The audit trail: append in the caller's transaction (keyed), show per audit, verify.

The key comes with the unit of work (`session.info["trail_keys"]`, a storage.trail_keys.KeyFile
the composition root gives every unit of work), so the dozens of writers just call
`append_event(session, ...)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal, get_args

from audit_engine.domain.actor import CURRENT_REQUEST_ID, Actor, checked_actor
from audit_engine.domain.errors import Conflict, InvalidInput
from audit_engine.domain.integrity.trail import EventRecord, NewEvent, TrailKeys, chain_events
from audit_engine.domain.integrity.trail_verify import Head
from audit_engine.domain.rules.lifecycle import AuditId, display_id
from audit_engine.services.lookup import audit_by_ref
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import trail as trail_rows
from audit_engine.storage.queries.audits import audit_events

# The trail's actor for events no signed-in person caused: an account locked after failed
# sign-ins, roles granted or revoked by the identity provider's group mapping.
SystemActor = Literal["sign-in", "identity provider"]

__all__ = ["NewEvent", "append_event", "append_events", "chain_onto", "show_log"]


def append_event(
    session,
    at: datetime,
    actor: Actor | SystemActor,
    action: str,
    subject: str,
    payload: dict[str, Any] | None = None,
    audit_id: int | None = None,
) -> EventRecord:
    """Add the next trail event to the current transaction."""
    return append_events(session, [NewEvent(at, actor, action, subject, payload, audit_id)])[-1]


def append_events(session, events: Sequence[NewEvent]) -> list[EventRecord]:
    """Chain `events` onto the trail in the current transaction, in one INSERT.

    Pending changes are flushed first (so a stale audit fails before we queue on the trail),
    then the head row is locked: on PostgreSQL FOR UPDATE serializes appends; on SQLite the
    write transaction (BEGIN IMMEDIATE) already does. A `trail.key` event may come first (the
    trail's first keyed write, or after a rotation); the caller's events are the last ones.
    """
    if not events:
        return []
    session.flush()
    locked = trail_rows.lock_head(session)
    if locked is None:
        raise Conflict("the audit trail head is missing; run `audit-engine db upgrade`")
    head, head_key = locked
    key_file = session.info.get("trail_keys")
    if key_file is None:
        raise InvalidInput("no trail key configured for this unit of work")
    keys = key_file.signing_keys(head_key, head.seq, events[0].at)
    return chain_onto(session, head, head_key, keys, events)


def _plain(new: NewEvent) -> NewEvent:
    """An Actor is stored as its e-mail (the actor column) and its channel (payload "via",
    hashed with the rest of the payload); a system actor records no channel. An event made
    while serving a web or API request carries its X-Request-ID (payload "request_id"), so a
    log line and the trail event it caused are found from each other."""
    via, request_id = _channel(new.actor), CURRENT_REQUEST_ID.get()
    extra = {"via": via} if via else {}
    if request_id:
        extra["request_id"] = request_id
    return replace(new, actor=str(new.actor), payload={**(new.payload or {}), **extra})


def _channel(actor: Actor | str) -> str | None:
    """An Actor's channel; none for a system actor; a bare e-mail is refused (TypeError)."""
    if isinstance(actor, str) and actor in get_args(SystemActor):
        return None
    return checked_actor(actor).via


def chain_onto(session, head: Head, head_key: str | None, keys: TrailKeys,
               events: Sequence[NewEvent]) -> list[EventRecord]:
    """Sign and insert `events` after the locked head (the caller holds the lock)."""
    records = chain_events(head.seq, head.hash, head_key, keys, [_plain(e) for e in events])
    trail_rows.insert_events(session, records)
    return records


@dataclass(frozen=True)
class EventView:
    """One trail event for display (`log show`, the dossier, the API's trail)."""

    seq: int
    at: datetime
    actor: str
    action: str
    subject: str
    audit: str | None  # A-<number>, when the event belongs to an audit
    payload: dict[str, Any]
    hash: str
    key: str | None  # the signing key's id


def event_view(event: EventRecord) -> EventView:
    """One event for display (an EventRecord, or an AuditEvent row: same fields)."""
    import json

    return EventView(
        seq=event.seq,
        at=event.at,
        actor=event.actor,
        action=event.action,
        subject=event.subject,
        audit=display_id("audit", event.audit_id) if event.audit_id else None,
        payload=json.loads(event.payload),
        hash=event.hash,
        key=event.key_id,
    )


def show_log(uow: UnitOfWork, audit_ref: AuditId | int) -> list[EventView]:
    with uow.reading():
        audit = audit_by_ref(uow.session, audit_ref)
        return [event_view(e) for e in audit_events(uow.session, audit.id)]
