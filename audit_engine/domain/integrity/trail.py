"""The tamper-evident trail as pure rules: canonical bodies, keyed hashes, chain links.

Each event's hash covers its sequence number, time, actor, action, subject, audit, payload and
the previous event's hash, so editing, deleting or reordering any event breaks the chain at
that event. Since 0006 the hash is an HMAC-SHA256 under a key kept outside the database (the
event names the key by id), so nobody with only the database can recompute the chain. Events
written before that (key_id None) keep their plain SHA-256 and still verify.
A head record (last seq and hash) exposes a deleted tail; checkpoints written outside the
database (domain/integrity/checkpoints.py) expose a deleted tail together with a reset head.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from audit_engine.domain.actor import Actor

GENESIS = "0" * 64
KEY_EVENT = "trail.key"  # a key starts signing: first use or rotation


def canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


@dataclass(frozen=True)
class EventRecord:
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str
    audit_id: int | None
    payload: str  # canonical JSON text, hashed as stored
    prev_hash: str
    hash: str = ""
    key_id: str | None = None  # None: a plain SHA-256 event from before keyed trails


def event_body(event: EventRecord) -> bytes:
    body = {
        "seq": event.seq,
        "at": event.at.isoformat(timespec="microseconds"),
        "actor": event.actor,
        "action": event.action,
        "subject": event.subject,
        "audit_id": event.audit_id,
        "payload": event.payload,
        "prev_hash": event.prev_hash,
    }
    if event.key_id is not None:
        body["key_id"] = event.key_id
    return canonical(body).encode()


def event_hash(event: EventRecord, key: bytes | None = None) -> str:
    """HMAC-SHA256 under `key` for a keyed event, plain SHA-256 for a legacy one."""
    if event.key_id is None:
        return hashlib.sha256(event_body(event)).hexdigest()
    if key is None:
        raise ValueError(f"event #{event.seq} is keyed ({event.key_id}) and needs its key")
    return hmac.new(key, event_body(event), hashlib.sha256).hexdigest()


def hash_matches(event: EventRecord, key: bytes | None) -> bool:
    return hmac.compare_digest(event_hash(event, key), event.hash)


@dataclass(frozen=True)
class TrailKeys:
    """The keys a verifier or writer holds: id -> secret, the one that signs now, and the
    sequence number after which every event must be keyed (the first key's start)."""

    keys: dict[str, bytes]
    current: str | None = None
    keyed_after: int | None = None
    source: str = ""  # where they came from, for messages

    def get(self, key_id: str) -> bytes | None:
        return self.keys.get(key_id)


def key_id_for(secret: bytes) -> str:
    """A public name for a key: a one-way fingerprint (reveals nothing about the key)."""
    return "k-" + hashlib.sha256(b"audit-engine trail key id\0" + secret).hexdigest()[:12]


def sign(key: bytes, data: Any) -> str:
    return hmac.new(key, canonical(data).encode(), hashlib.sha256).hexdigest()


def hmac_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


@dataclass(frozen=True)
class NewEvent:
    """What a write appends to the trail; seq, hashes and key are given when it is appended."""

    at: datetime
    actor: Actor | str  # services.trail stores an Actor as its e-mail and its channel (`via`)
    action: str
    subject: str
    payload: dict[str, Any] | None = None
    audit_id: int | None = None


def chain_events(head_seq: int, head_hash: str, head_key: str | None, keys: TrailKeys,
                 events: list[NewEvent] | tuple[NewEvent, ...]) -> list[EventRecord]:
    """The records that chain `events` onto the head, signed with the current key. When the
    current key is not the one that signed the head (first keyed write, or a rotation), a
    `trail.key` event comes first, so every change of key is itself in the trail."""
    current = keys.current
    key = keys.get(current) if current else None
    if key is None:
        raise ValueError("chain_events needs a current key")
    pending = list(events)
    if pending and head_key != current and pending[0].action != KEY_EVENT:
        first = pending[0]
        pending.insert(0, NewEvent(first.at, first.actor, KEY_EVENT, "trail",
                                   {"key": current, "previous": head_key}))
    records, seq, prev = [], head_seq, head_hash
    for new in pending:
        record = EventRecord(seq + 1, new.at, str(new.actor), new.action, new.subject, new.audit_id,
                             canonical(new.payload or {}), prev, key_id=current)
        record = replace(record, hash=event_hash(record, key))
        records.append(record)
        seq, prev = record.seq, record.hash
    return records
