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
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from audit_engine.domain.clock import FixedClock
from audit_engine.services.anchoring.anchor import DailyCheckpoint, daily_checkpoint
from audit_engine.services.calendar import programs, reminders, subscriptions
from audit_engine.services.calendar.programs import OpenedAudits
from audit_engine.services.mail.inbox import purge as purge_inbox
from audit_engine.services.mail.outbox import Delivery, DispatchResult, dispatch
from audit_engine.services.reports.attachments import attacher
from audit_engine.services.webhook_events import queue_overdue_actions

log = logging.getLogger("audit_engine.scheduler")
T = TypeVar("T")

JOB_REF = "audit_engine.services.calendar.tick:scheduled_tick"
_RUNTIMES: dict[str, Any] = {}  # runtime key -> App, so the job's args stay primitive


def mail_domain(app) -> str:
    return app.settings.mail_from.rpartition("@")[2] or "localhost"


def delivery_for(app, clock) -> Delivery:
    renderer = app.renderer()
    return Delivery(
        transport=app.mailer(),
        render=renderer.render_text,
        attach=attacher(app.uow, renderer, clock, app.report_store(), app.report_extras()),
        sender=app.settings.mail_from,
        webhooks=app.webhook_delivery(clock),
        public_url=app.public_url(),
        chat=app.chat_sender(),
    )


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


def tick(app, at: datetime | None = None, *, send: bool = True) -> TickSummary:
    """One pass of every job as of `at` (default: now). Returns what happened: `--json`
    prints it as data, `describe` makes the human line."""
    clock = FixedClock(at) if at is not None else app.clock
    started, domain = time.perf_counter(), mail_domain(app)
    errors: list[str] = []
    opened = _step(errors, "programs",
                   lambda: programs.open_due_audits(app.uow, clock, app.catalogs(), domain))
    queued = _step(errors, "reminders", lambda: _queue(app, clock, domain))
    anchored = _step(errors, "checkpoint", lambda: daily_checkpoint(
        app.uow(), app.trail_keys, app.checkpoints(), clock))
    sent = _step(errors, "dispatch", lambda: _send(app, clock)) if send else None
    return TickSummary(clock.now(), tuple(errors), opened, queued, anchored, sent,
                       round(time.perf_counter() - started, 3))


def _send(app, clock) -> DispatchResult:
    # Building the delivery inside the step: a misconfigured transport is a counted error.
    return dispatch(app.uow, clock, delivery_for(app, clock))


def _queue(app, clock, domain: str) -> QueuedMessages:
    with app.uow() as uow:
        queued = reminders.queue_due_reminders(
            uow.session, clock.now(), domain,
            skip_empty_digests=app.settings.digest_skip_empty)
        subs = subscriptions.queue_due_subscriptions(uow.session, clock.now(), domain)
        hooks = queue_overdue_actions(uow.session, clock.now())
        purge_inbox(uow.session, clock.now())  # items older than 90 days
        uow.commit()
    return QueuedMessages(queued + subs.queued + hooks, subs.skipped, subs.skipped_because)


def _step(errors: list[str], name: str, action: Callable[[], T]) -> T | None:
    try:
        return action()
    except Exception as exc:  # one broken step must not stop the others or the service
        log.exception("tick step %s failed", name)
        errors.append(f"{name}: {type(exc).__name__}: {exc}")
        return None


def scheduled_tick(runtime_key: str) -> str:
    """The APScheduler job: a stable module:function with one primitive argument."""
    from audit_engine.metrics import count_tick

    app = _RUNTIMES[runtime_key]
    summary = tick(app)
    record_tick(app)
    count_tick("error" if summary.errors else "ok")
    return describe(summary)


def scheduler_health(engine):
    """Whether a scheduler leads and when one last ticked (storage.scheduler_health)."""
    from audit_engine.storage.scheduler_health import scheduler_health as read

    return read(engine)


def record_tick(app) -> None:
    """Tell the admin page and /health that a scheduler is alive (never fails a tick)."""
    import os
    import socket

    from audit_engine.storage.scheduler_health import record_tick as record

    try:
        record(app.engine, f"{socket.gethostname()}:{os.getpid()}")
    except Exception:  # a heartbeat that cannot be written is logged, the tick stands
        log.exception("could not record the tick's heartbeat")


def describe(summary: TickSummary, *, timed: bool = True) -> str:
    """One plain line, e.g. `2027-01-01 07:00 UTC: opened 1 audit, queued 3 messages
    (0 subscriptions skipped), sent 3, retry later 0, failed 0, 0.11 s`."""
    parts = []
    if summary.programs is not None:
        opened, failed = summary.programs.opened, summary.programs.program_errors
        parts.append(f"opened {_count(opened, 'audit')}"
                     + (f" ({_count(failed, 'program')} failed)" if failed else ""))
    if summary.reminders is not None:
        parts.append(f"queued {_count(summary.reminders.queued, 'message')} "
                     f"({_skipped(summary.reminders)})")
    parts.append(_dispatched(summary))
    line = f"{summary.at:%Y-%m-%d %H:%M} UTC: {', '.join(p for p in parts if p)}"
    if timed:  # the demo leaves it out to print the same story every time
        line += f", {summary.seconds:.2f} s"
    if summary.errors:
        line += f"; errors: {'; '.join(summary.errors)}"
    return line


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _skipped(queued: QueuedMessages) -> str:
    text = f"{_count(queued.subscriptions_skipped, 'subscription')} skipped"
    if queued.skipped_because:
        text += ": " + ", ".join(
            f"{reason}" + (f" x{n}" if n > 1 else "")
            for reason, n in sorted(queued.skipped_because.items())
        )
    return text


def _dispatched(summary: TickSummary) -> str:
    sent = summary.dispatch
    if sent is None:
        return "" if summary.failed("dispatch") else "nothing sent (--no-send)"
    text = f"sent {sent.sent}, retry later {sent.retried}, failed {sent.failed}"
    return text + (f", recovered {sent.reaped} stuck" if sent.reaped else "")


def run_service(app, stop: threading.Event, *, interval: float, lease_seconds: float) -> None:
    """Block until `stop`: stand by or lead; while leading, tick every `interval` seconds."""
    from audit_engine.scheduling.service import ServiceTimings
    from audit_engine.scheduling.service import run_service as run_loop
    from audit_engine.storage.leases import leader_for

    key = uuid.uuid4().hex
    _RUNTIMES[key] = app
    timings = ServiceTimings(
        interval_seconds=interval,
        renew_seconds=max(lease_seconds / 3, 0.2),
        standby_poll_seconds=max(lease_seconds / 3, 0.2),
    )
    try:
        run_loop(JOB_REF, (key,), leader_for(app.engine, lease_seconds), stop, timings)
    finally:
        _RUNTIMES.pop(key, None)


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


def status(app) -> SchedulerStatus:
    from audit_engine.storage.leases import current_lease
    from audit_engine.storage.outbox import count_by_status
    from audit_engine.storage.scheduler_health import scheduler_health

    sqlite = app.engine.dialect.name == "sqlite"
    lease = current_lease(app.engine) if sqlite else None
    health = scheduler_health(app.engine)
    with app.uow().reading() as uow:
        counts = count_by_status(uow.session)
    leader = lease["holder"] if lease else None if sqlite else "(PostgreSQL advisory lock)"
    return SchedulerStatus(
        leader, lease["expires_at"] if lease else None, health.leading, health.last_tick_at,
        *(counts.get(k, 0) for k in ("pending", "sending", "sent", "failed")),
    )
