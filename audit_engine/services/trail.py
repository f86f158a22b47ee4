"""The audit trail: append in the caller's transaction (keyed), show per audit, verify.

A writer appends through its unit of work (`append_event(uow, ...)`): the uow's session is
the transaction the events join, and its `trail_keys` (a storage.trail_keys.KeyFile the
composition root gives every unit of work) sign them. `verify_chain` walks the chain, its keys
and the head; the checkpoints it holds against them are read by whoever keeps them
(services/anchoring, which builds on this and never the other way round).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal, get_args

from audit_engine.domain.actor import CURRENT_REQUEST_ID, Actor, checked_actor
from audit_engine.domain.errors import Conflict, InvalidInput
from audit_engine.domain.integrity.checkpoints import Checkpoint
from audit_engine.domain.integrity.trail import EventRecord, NewEvent, TrailKeys, chain_events
from audit_engine.domain.integrity.trail_verify import Head, TrailReport, verify_trail
from audit_engine.domain.rules.lifecycle import AuditId, display_id
from audit_engine.services.lookup import audit_by_ref
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import trail as trail_rows
from audit_engine.storage.queries.audits import audit_events

# The trail's actor for events no signed-in person caused: an account locked after failed
# sign-ins, roles granted or revoked by the identity provider's group mapping.
SystemActor = Literal["sign-in", "identity provider"]

__all__ = ["NewEvent", "append_event", "append_events", "chain_onto", "show_log", "verify_chain",
           "verify_log"]


def append_event(
    uow: UnitOfWork,
    at: datetime,
    actor: Actor | SystemActor,
    action: str,
    subject: str,
    payload: dict[str, Any] | None = None,
    audit_id: int | None = None,
) -> EventRecord:
    """Add the next trail event to the current transaction."""
    return append_events(uow, [NewEvent(at, actor, action, subject, payload, audit_id)])[-1]


def append_events(uow: UnitOfWork, events: Sequence[NewEvent]) -> list[EventRecord]:
    """Chain `events` onto the trail in the uow's open transaction, signed with its keys, in
    one INSERT.

    Pending changes are flushed first (so a stale audit fails before we queue on the trail),
    then the head row is locked: on PostgreSQL FOR UPDATE serializes appends; on SQLite the
    write transaction (BEGIN IMMEDIATE) already does. A `trail.key` event may come first (the
    trail's first keyed write, or after a rotation); the caller's events are the last ones.
    """
    if not events:
        return []
    session = uow.session
    session.flush()
    locked = trail_rows.lock_head(session)
    if locked is None:
        raise Conflict("the audit trail head is missing; run `audit-engine db upgrade`")
    head, head_key = locked
    if uow.trail_keys is None:
        raise InvalidInput("no trail key configured for this unit of work")
    keys = uow.trail_keys.signing_keys(head_key, head.seq, events[0].at)
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


def verify_chain(uow: UnitOfWork, keys, checkpoints: Sequence[Checkpoint] = ()) -> TrailReport:
    """The chain, its keys (a storage.trail_keys.KeyFile, read afresh; None: none configured)
    and the head, in one read snapshot, and `checkpoints` held against them."""
    held = keys.load(refresh=True) if keys is not None else None
    if held is None:
        where = f"no key file at {keys.path}" if keys is not None else "no key file configured"
        held = TrailKeys({}, source=where)
    with uow.reading():
        trail_rows.snapshot_reads(uow.session)
        head = trail_rows.read_head(uow.session)
        return verify_trail(trail_rows.event_records(uow.session), head, held, checkpoints)


def verify_log(uow: UnitOfWork) -> TrailReport:
    """The chain, checked with the unit of work's keys (no checkpoints: see
    services/anchoring for the check against them)."""
    return verify_chain(uow, uow.trail_keys)
