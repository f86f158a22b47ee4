"""Edits never overwrite each other silently. A page remembers the trail's position when it
was read (`read_position`); a write given that position is refused with StaleRecord when its
subject changed since (`require_unchanged`, checked again at commit by `unchanged_at_commit`),
and `changes_since` says who changed what and when, from the trail.

The trail is the record of every change to audits, findings and corrective actions, so "an
event about F-3 after position N" is exactly "F-3 changed since you read it": no false alarm
when someone worked another finding of the same audit."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from audit_engine.domain.errors import StaleRecord
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.services.lookup import row_number
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import trail_changes


@dataclass(frozen=True)
class Change:
    """One trail event since the page was read."""

    seq: int
    at: datetime
    actor: str
    action: str  # e.g. "audit.submit", "finding.confirm", "action.reassign"
    subject: str  # display id: "A-1", "F-3", "CA-2"
    details: dict[str, Any]  # the event's payload: from/to, reason, severity_from/to, ...


@dataclass(frozen=True)
class ChangesSince:
    changes: tuple[Change, ...]  # the latest few, oldest first
    total: int  # how many in all


def read_position(uow: UnitOfWork) -> int:
    """The trail's position now: what a form carries as the moment it was read."""
    with uow.reading():
        return trail_changes.trail_position(uow.session)


def require_unchanged(session, subject: str, seen: int | None, before: int | None = None) -> None:
    """StaleRecord if an event about `subject` came after position `seen` (None: no check)."""
    if seen is not None and trail_changes.events_after(session, seen, subjects=(subject,),
                                                       before=before, limit=1):
        raise StaleRecord(subject)


def unchanged_at_commit(seen: int | None):
    """A `take_step` before_commit: the same check once the trail head is locked (the lock
    that serializes writers on both databases), so two writes read at one position cannot
    both commit. The step's own event is the newest and does not count."""
    if seen is None:
        return None

    def check(session, target, record) -> None:
        require_unchanged(session, target.ref, seen, before=record.seq)

    return check


def changes_since(uow: UnitOfWork, *, seen: int, audit: AuditId | None = None,
                  subjects: Sequence[str] = (),
                  limit: int = 5) -> ChangesSince:
    """What happened after position `seen` to the audit (every write under it) and/or to the
    subjects. The caller has checked that the actor may see them."""
    audit_id = row_number(AuditId, audit) if audit else None
    with uow.reading():
        session = uow.session
        records = trail_changes.events_after(session, seen, audit_id=audit_id,
                                             subjects=subjects, limit=limit)
        total = len(records)
        if total == limit:
            total = trail_changes.count_after(session, seen, audit_id=audit_id,
                                              subjects=subjects)
    return ChangesSince(tuple(_change(r) for r in records), total)


def _change(record) -> Change:
    details = json.loads(record.payload)
    return Change(record.seq, record.at, record.actor, record.action, record.subject, details)
