"""The scheduler's use cases: `tick` (one pass of every job as of a moment) and `run_service`
(the long-running leader/standby loop firing `tick` periodically).

A tick: open due program audits (catching up missed periods), queue due reminders and report
subscriptions (idempotent rows in the outbox), then dispatch pending mail. Each step is
guarded: an error in one is logged and counted, and the next still runs.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.catalog import Catalog
from audit_engine.services.anchoring.anchor import DailyCheckpoint, daily_checkpoint
from audit_engine.services.calendar import programs, reminders, subscriptions
from audit_engine.services.calendar.programs import OpenedAudits
from audit_engine.services.mail.inbox import purge as purge_inbox
from audit_engine.services.mail.outbox import Delivery, DispatchResult, dispatch
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.webhook_events import queue_overdue_actions
from audit_engine.storage import upload_parts

log = logging.getLogger("audit_engine.scheduler")
T = TypeVar("T")


@dataclass(frozen=True)
class TickParts:
    """What a tick works with, wired by the composition root (bootstrap.tick_wiring)."""

    uow: Callable[[], Any]  # a new unit of work
    clock: Clock
    catalogs: Callable[[], Iterable[Catalog]]
    trail_keys: Any  # storage.trail_keys: signs the daily checkpoint
    checkpoints: Any  # where daily checkpoints are written (a folder or the object store)
    mail_domain: str  # of Message-IDs and links
    digest_skip_empty: bool
    delivery: Callable[[Clock], Delivery]  # built in the dispatch step: a bad transport counts
    engine: Any  # the heartbeat and the leader's lease


@dataclass(frozen=True)
class QueuedMessages:
    """The tick's queueing step: outbox rows queued (reminders, subscriptions, webhooks) and
    subscription runs skipped, counted per reason."""

    queued: int
    subscriptions_skipped: int
    skipped_because: dict[str, int]


@dataclass(frozen=True)
class TickSummary:
    """What one tick did. A step that failed is None (its error is in `errors`); so is
    `dispatch` when sending was not attempted (--no-send). Field order is the `--json` order."""

    at: datetime
    errors: tuple[str, ...]
    programs: OpenedAudits | None
    reminders: QueuedMessages | None
    checkpoint: DailyCheckpoint | None
    dispatch: DispatchResult | None
    seconds: float

    def failed(self, step: str) -> bool:
        return any(e.startswith(f"{step}:") for e in self.errors)


def tick(parts: TickParts, *, send: bool = True) -> TickSummary:
    """One pass of every job as of the parts' clock. Returns what happened: `--json` prints
    it as data, the CLI's `describe` makes the human line."""
    clock, domain, started = parts.clock, parts.mail_domain, time.perf_counter()
    errors: list[str] = []
    opened = _step(errors, "programs",
                   lambda: programs.open_due_audits(parts.uow, clock, parts.catalogs(), domain))
    queued = _step(errors, "reminders", lambda: _queue(parts))
    anchored = _step(errors, "checkpoint", lambda: daily_checkpoint(
        parts.uow(), parts.trail_keys, parts.checkpoints, clock))
    sent = _step(errors, "dispatch", lambda: _send(parts)) if send else None
    return TickSummary(clock.now(), tuple(errors), opened, queued, anchored, sent,
                       round(time.perf_counter() - started, 3))


def _send(parts: TickParts) -> DispatchResult:
    # Building the delivery inside the step: a misconfigured transport is a counted error.
    return dispatch(parts.uow, parts.clock, parts.delivery(parts.clock))


def _queue(parts: TickParts) -> QueuedMessages:
    now, domain = parts.clock.now(), parts.mail_domain
    with parts.uow() as uow:
        queued = reminders.queue_due_reminders(uow.session, now, domain,
                                               skip_empty_digests=parts.digest_skip_empty)
        subs = subscriptions.queue_due_subscriptions(uow.session, now, domain)
        hooks = queue_overdue_actions(uow.session, now)
        purge_inbox(uow.session, now)  # items older than 90 days
        upload_parts.remove_abandoned(uow.session, now)  # photos half sent a week ago
        uow.commit()
    return QueuedMessages(queued + subs.queued + hooks, subs.skipped, subs.skipped_because)


def _step(errors: list[str], name: str, action: Callable[[], T]) -> T | None:
    try:
        return action()
    except Exception as exc:  # one broken step must not stop the others or the service
        log.exception("tick step %s failed", name)
        errors.append(f"{name}: {type(exc).__name__}: {exc}")
        return None


def scheduler_health(engine):
    """Whether a scheduler leads and when one last ticked (storage.scheduler_health)."""
    from audit_engine.storage.scheduler_health import scheduler_health as read

    return read(engine)


def record_tick(engine) -> None:
    """Tell the admin page and /health that a scheduler is alive (never fails a tick)."""
    import os
    import socket

    from audit_engine.storage.scheduler_health import record_tick as record

    try:
        record(engine, f"{socket.gethostname()}:{os.getpid()}")
    except Exception:  # a heartbeat that cannot be written is logged, the tick stands
        log.exception("could not record the tick's heartbeat")


def run_service(parts: TickParts, stop: threading.Event, *, interval: float,
                lease_seconds: float, said: Callable[[TickSummary], str]) -> None:
    """Block until `stop`: stand by or lead; while leading, tick every `interval` seconds.
    `said` makes the line the scheduler logs for each tick."""
    from audit_engine.scheduling.service import ServiceTimings
    from audit_engine.scheduling.service import run_service as run_loop
    from audit_engine.storage.leases import leader_for

    def job() -> str:
        from audit_engine.metrics import count_tick

        summary = tick(parts)
        record_tick(parts.engine)
        count_tick("error" if summary.errors else "ok")
        return said(summary)

    timings = ServiceTimings(
        interval_seconds=interval,
        renew_seconds=max(lease_seconds / 3, 0.2),
        standby_poll_seconds=max(lease_seconds / 3, 0.2),
    )
    run_loop(job, leader_for(parts.engine, lease_seconds), stop, timings)


@dataclass(frozen=True)
class SchedulerStatus:
    """Who leads the scheduler and how many outbox messages are in each state."""

    leader: str | None  # the lease holder (SQLite), or how PostgreSQL elects one
    lease_expires_at: datetime | None
    leading: bool  # some scheduler holds the lease now
    last_tick_at: datetime | None  # when a scheduler last finished a tick (wall clock)
    outbox_pending: int
    outbox_sending: int
    outbox_sent: int
    outbox_failed: int


def status(engine, uow: UnitOfWork) -> SchedulerStatus:
    from audit_engine.storage.leases import current_lease
    from audit_engine.storage.outbox import count_by_status
    from audit_engine.storage.scheduler_health import scheduler_health

    sqlite = engine.dialect.name == "sqlite"
    lease = current_lease(engine) if sqlite else None
    health = scheduler_health(engine)
    with uow.reading():
        counts = count_by_status(uow.session)
    leader = lease["holder"] if lease else None if sqlite else "(PostgreSQL advisory lock)"
    return SchedulerStatus(
        leader, lease["expires_at"] if lease else None, health.leading, health.last_tick_at,
        *(counts.get(k, 0) for k in ("pending", "sending", "sent", "failed")),
    )
