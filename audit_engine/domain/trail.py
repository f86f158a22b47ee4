"""The tamper-evident trail as pure rules: canonical hashing and chain verification.

Each event's hash covers its sequence number, time, actor, action, subject, audit, payload and
the previous event's hash, so editing, deleting or reordering any event breaks the chain at
that event. A head record (last seq and hash) also exposes a deleted tail.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


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


def event_hash(event: EventRecord) -> str:
    body = canonical(
        {
            "seq": event.seq,
            "at": event.at.isoformat(timespec="microseconds"),
            "actor": event.actor,
            "action": event.action,
            "subject": event.subject,
            "audit_id": event.audit_id,
            "payload": event.payload,
            "prev_hash": event.prev_hash,
        }
    )
    return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    problem: str | None = None  # names the first bad event


def verify_chain(events: Iterable[EventRecord], head_seq: int, head_hash: str) -> ChainReport:
    """Walk the events in seq order; report the first one that was edited, deleted or moved."""
    expected_seq, prev, count = 1, GENESIS, 0
    for event in events:
        count += 1
        if event.seq != expected_seq:
            return ChainReport(False, count, f"event #{expected_seq} is missing (deleted) "
                               f"before event #{event.seq}")  # fmt: skip
        if event.prev_hash != prev:
            return ChainReport(False, count, f"event #{event.seq} does not follow event "
                               f"#{event.seq - 1} (deleted, inserted or reordered)")  # fmt: skip
        if event_hash(event) != event.hash:
            return ChainReport(False, count, f"event #{event.seq} ({event.action} {event.subject})"
                               " was edited: its content no longer matches its hash")  # fmt: skip
        prev, expected_seq = event.hash, expected_seq + 1
    last_seq = expected_seq - 1
    if head_seq != last_seq:
        return ChainReport(False, count, f"the trail ends at event #{last_seq} but the head says "
                           f"#{head_seq}: events after #{last_seq} were deleted")  # fmt: skip
    if head_hash != prev:
        return ChainReport(False, count, f"event #{last_seq} does not match the head hash (edited)")
    return ChainReport(True, count)
