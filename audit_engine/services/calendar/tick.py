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
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from audit_engine.domain.clock import FixedClock
from audit_engine.services.anchoring.anchor import daily_checkpoint
from audit_engine.services.calendar import programs, reminders, subscriptions
from audit_engine.services.integrations.webhook_events import queue_overdue_actions
from audit_engine.services.mail.outbox import Delivery, dispatch
from audit_engine.services.reports.attachments import attacher

log = logging.getLogger("audit_engine.scheduler")

JOB_REF = "audit_engine.services.calendar.tick:scheduled_tick"
_RUNTIMES: dict[str, Any] = {}  # runtime key -> App, so the job's args stay primitive


def mail_domain(app) -> str:
    return app.settings.mail_from.rpartition("@")[2] or "localhost"


def delivery_for(app, clock) -> Delivery:
    renderer = app.renderer()
    return Delivery(
        transport=app.mailer(),
        render=renderer.render_text,
        attach=attacher(app.uow, renderer, clock, app.settings.report_dir),
        sender=app.settings.mail_from,
        webhooks=app.webhook_delivery(clock),
    )


def tick(app, at: datetime | None = None, *, send: bool = True) -> dict[str, Any]:
    """One pass of every job as of `at` (default: now). Returns what happened (plain values:
    `--json` prints it as is, `describe` makes the human line)."""
    clock = FixedClock(at) if at is not None else app.clock
    started, domain = time.perf_counter(), mail_domain(app)
    summary: dict[str, Any] = {"at": clock.now(), "errors": []}
    _step(
        summary,
        "programs",
        lambda: programs.open_due_audits(app.uow, clock, app.catalogs(), domain),
    )
    _step(summary, "reminders", lambda: _queue(app, clock, domain))
    _step(summary, "checkpoint", lambda: daily_checkpoint(
        app.uow(), app.trail_keys, app.settings.checkpoint_path, clock))
    summary["dispatch"] = None  # not attempted (--no-send) unless the step below replaces it
    if send:
        _step(summary, "dispatch", lambda: _send(app, clock))
    summary["seconds"] = round(time.perf_counter() - started, 3)
    return summary


def _send(app, clock) -> dict[str, Any]:
    # Building the delivery inside the step: a misconfigured transport is a counted error.
    return asdict(dispatch(app.uow, clock, delivery_for(app, clock)))


def _queue(app, clock, domain: str) -> dict[str, Any]:
    with app.uow() as uow:
        queued = reminders.queue_due_reminders(
            uow.session, clock.now(), domain,
            skip_empty_digests=app.settings.digest_skip_empty)
        subs = subscriptions.queue_due_subscriptions(uow.session, clock.now(), domain)
        hooks = queue_overdue_actions(uow.session, clock.now())
        uow.commit()
    return {
        "queued": queued + subs["queued"] + hooks,
        "subscriptions_skipped": subs["skipped"],
        "skipped_because": subs["skipped_because"],
    }


def _step(summary: dict, name: str, action) -> None:
    try:
        summary[name] = action()
    except Exception as exc:  # one broken step must not stop the others or the service
        log.exception("tick step %s failed", name)
        summary["errors"].append(f"{name}: {type(exc).__name__}: {exc}")


def scheduled_tick(runtime_key: str) -> str:
    """The APScheduler job: a stable module:function with one primitive argument."""
    summary = tick(_RUNTIMES[runtime_key])
    return describe(summary)


def describe(summary: dict[str, Any], *, timed: bool = True) -> str:
    """One plain line, e.g. `2027-01-01 07:00 UTC: opened 1 audit, queued 3 messages
    (0 subscriptions skipped), sent 3, retry later 0, failed 0, 0.11 s`."""
    parts = []
    if "programs" in summary:
        opened, failed = summary["programs"]["opened"], summary["programs"]["program_errors"]
        parts.append(f"opened {_count(opened, 'audit')}"
                     + (f" ({_count(failed, 'program')} failed)" if failed else ""))
    if "reminders" in summary:
        parts.append(f"queued {_count(summary['reminders']['queued'], 'message')} "
                     f"({_skipped(summary['reminders'])})")
    parts.append(_dispatched(summary))
    line = f"{summary['at']:%Y-%m-%d %H:%M} UTC: {', '.join(p for p in parts if p)}"
    if timed:  # the demo leaves it out to print the same story every time
        line += f", {summary['seconds']:.2f} s"
    if summary["errors"]:
        line += f"; errors: {'; '.join(summary['errors'])}"
    return line


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _skipped(queued: dict[str, Any]) -> str:
    text = f"{_count(queued['subscriptions_skipped'], 'subscription')} skipped"
    reasons = queued.get("skipped_because") or {}
    if reasons:
        text += ": " + ", ".join(
            f"{reason}" + (f" x{n}" if n > 1 else "") for reason, n in sorted(reasons.items())
        )
    return text


def _dispatched(summary: dict[str, Any]) -> str:
    sent = summary.get("dispatch")
    if sent is None:
        failed = any(e.startswith("dispatch:") for e in summary["errors"])
        return "" if failed else "nothing sent (--no-send)"
    text = f"sent {sent['sent']}, retry later {sent['retried']}, failed {sent['failed']}"
    return text + (f", recovered {sent['reaped']} stuck" if sent["reaped"] else "")


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
    outbox_pending: int
    outbox_sending: int
    outbox_sent: int
    outbox_failed: int


def status(app) -> SchedulerStatus:
    from audit_engine.storage.leases import current_lease
    from audit_engine.storage.outbox import count_by_status

    sqlite = app.engine.dialect.name == "sqlite"
    lease = current_lease(app.engine) if sqlite else None
    with app.uow().reading() as uow:
        counts = count_by_status(uow.session)
    leader = lease["holder"] if lease else None if sqlite else "(PostgreSQL advisory lock)"
    return SchedulerStatus(
        leader, lease["expires_at"] if lease else None,
        *(counts.get(k, 0) for k in ("pending", "sending", "sent", "failed")),
    )
