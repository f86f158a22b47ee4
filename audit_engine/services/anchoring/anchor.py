"""Anchoring the trail outside the database: signed checkpoints of the head, key rotation,
the head at an audit's close, and the trail's verification held against all of them.

Collaborators come in as arguments: `uow`, `keys` (storage.trail_keys.KeyFile), the checkpoint
log (a storage.checkpoint_file.CheckpointFile, the file and the bucket together when files are
in object storage, or a plain path of a file), `clock`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.domain.integrity.checkpoints import Checkpoint, make_checkpoint
from audit_engine.domain.integrity.trail import KEY_EVENT, NewEvent
from audit_engine.domain.integrity.trail_verify import TrailReport
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.domain.rules.permissions import require
from audit_engine.services.lookup import actor_with_grants, audit_by_ref
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import chain_onto, verify_chain
from audit_engine.storage import trail as trail_rows
from audit_engine.storage.checkpoint_file import CheckpointFile

CLOSE_EVENT = "audit.close"


@dataclass(frozen=True)
class TrailAnchor:
    """A point of the trail: an event's sequence number and keyed hash, and when it was."""

    seq: int
    hash: str
    key_id: str | None
    at: datetime

    def line(self) -> str:
        key = f", key {self.key_id}" if self.key_id else ""
        return f"#{self.seq} {self.hash}{key}"


def head_at_close(uow: UnitOfWork, audit: AuditId | int) -> TrailAnchor | None:
    """The trail at the audit's closing: its `audit.close` event (None: not closed).
    Final reports and the audit archive carry it, so a rewritten trail disagrees with them."""
    with uow.reading():
        row = audit_by_ref(uow.session, audit)
        event = trail_rows.last_event(uow.session, row.id, CLOSE_EVENT)
    return None if event is None else TrailAnchor(event.seq, event.hash, event.key_id, event.at)


def checkpoint_log(where):
    """The checkpoint log `where` names: a log as it is, a path as its file."""
    return CheckpointFile(where) if isinstance(where, str | Path) else where


def write_checkpoint(uow: UnitOfWork, keys, path, clock: Clock, reason: str) -> Checkpoint:
    """Append the current head, signed with the current key, to the checkpoint log."""
    held = keys.load()
    if held is None or held.current is None:
        raise InvalidInput(f"no trail key file at {keys.path}: checkpoints are signed with it "
                           "(run `audit-engine init`)")
    with uow.reading():
        head = trail_rows.read_head(uow.session)
    checkpoint = make_checkpoint(head.seq, head.hash, clock.now(), reason, held)
    checkpoint_log(path).append(checkpoint)
    return checkpoint


def checkpoint_due(path, now: datetime) -> bool:
    """At least one checkpoint per UTC day: due when none was written today."""
    checkpoints, _ = checkpoint_log(path).read()
    return not checkpoints or max(c.at for c in checkpoints).date() < now.date()


@dataclass(frozen=True)
class DailyCheckpoint:
    """The scheduler's checkpoint step: whether it wrote one, and at which trail seq."""

    written: bool
    seq: int | None = None  # None when nothing was written


def daily_checkpoint(uow: UnitOfWork, keys, path, clock: Clock) -> DailyCheckpoint:
    """The scheduler's step: a checkpoint when none was written today."""
    if keys.load() is None:
        return DailyCheckpoint(False)  # a trail nobody has written to yet: nothing to anchor
    if not checkpoint_due(path, clock.now()):
        return DailyCheckpoint(False)
    checkpoint = write_checkpoint(uow, keys, path, clock, "daily")
    return DailyCheckpoint(True, checkpoint.seq)


def rotate_key(uow: UnitOfWork, keys, clock: Clock, *, actor: Actor) -> TrailAnchor:
    """A new signing key (old ones kept for verifying), recorded as a `trail.key` event."""
    with uow:
        session = uow.session
        _user, grants = actor_with_grants(session, actor)
        require(actor, grants, "trail.rotate_key")
        session.flush()
        locked = trail_rows.lock_head(session)
        if locked is None:
            raise NotFound("the audit trail head is missing; run `audit-engine db upgrade`")
        head, head_key = locked
        now = clock.now()
        keys.signing_keys(head_key, head.seq, now)  # refuses a trail whose key we lack
        held = keys.rotate(head.seq, now)
        event = NewEvent(now, actor, KEY_EVENT, "trail", {"key": held.current,
                                                          "previous": head_key,
                                                          "reason": "rotation"})
        [record] = chain_onto(session, head, head_key, held, [event])
        uow.commit()
    return TrailAnchor(record.seq, record.hash, record.key_id, record.at)


def verify_anchored(uow: UnitOfWork, keys, path) -> TrailReport:
    """The trail's own check (services.trail.verify_chain) against the checkpoint log at
    `path`, whose unreadable lines are problems too."""
    checkpoints, file_problems = checkpoint_log(path).read() if path else ([], [])
    report = verify_chain(uow, keys, checkpoints)
    return replace(report, problems=report.problems + tuple(file_problems))


def ensure_key(uow: UnitOfWork, keys, path, clock: Clock) -> str | None:
    """`init`: make the key file of a trail that has none yet, and checkpoint the head (which
    anchors events from before keyed trails). None when the key file exists."""
    if keys.load() is not None:
        return None
    with uow.reading():
        head = trail_rows.read_head(uow.session)
        head_key = trail_rows.head_key(uow.session)
    if head_key is not None:
        raise InvalidInput(f"the trail is signed with key {head_key} but there is no trail key "
                           f"file at {keys.path}; restore it")
    keys.create(head.seq, clock.now())
    write_checkpoint(uow, keys, path, clock, "init")
    return f"trail key: created {keys.path} (mode 600); checkpoint of event #{head.seq}"
