"""`scheduler run`: lead or stand by, and while leading fire one periodic job.

One job, a function given by the caller (the composition root's parts in its closure), an
in-memory job store (nothing pickled, so nothing to unpickle; a persistent store silently drops
jobs it cannot load), coalesce, one instance at a time, a generous misfire grace (APScheduler's
default of 1 s skips runs after a pause), explicit UTC.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

JOB_ID = "tick"
MISFIRE_GRACE_SECONDS = 3600

log = logging.getLogger("audit_engine.scheduler")


class Leader(Protocol):
    """Leader election: at most one holder per database."""

    holder: str

    def acquire(self) -> bool:
        """Try once to become (or stay) the leader."""

    def renew(self) -> bool:
        """Extend leadership; False means it was lost and we must stop firing."""

    def release(self) -> None: ...


@dataclass(frozen=True)
class ServiceTimings:
    interval_seconds: float = 60.0  # how often the tick job fires
    renew_seconds: float = 10.0  # how often the leader renews its lease
    standby_poll_seconds: float = 5.0  # how often a standby tries to take over


def run_service(
    job: Callable[[], object],
    leader: Leader,
    stop: threading.Event,
    timings: ServiceTimings = ServiceTimings(),
) -> None:
    """Block until `stop` is set: stand by, lead, fire the job, hand over on the way out."""
    was_standby = False
    while not stop.is_set():
        if not _try(leader.acquire, "acquire leadership"):
            if not was_standby:
                log.info(
                    "standby: another scheduler holds the lease; polling every %ss",
                    timings.standby_poll_seconds,
                )
                was_standby = True
            stop.wait(timings.standby_poll_seconds)
            continue
        was_standby = False
        log.info("leader: %s fires %s every %ss", leader.holder, JOB_ID, timings.interval_seconds)
        _lead(job, leader, stop, timings)
    log.info("scheduler stopped")


def _lead(job: Callable[[], object], leader: Leader, stop: threading.Event, timings) -> None:
    scheduler = _build_scheduler()
    scheduler.add_job(
        job,
        "interval",
        seconds=timings.interval_seconds,
        id=JOB_ID,
        name=JOB_ID,
        replace_existing=True,
        next_run_time=_utc_now(),  # catch up at once after downtime, then every interval
    )
    scheduler.start()
    try:
        while not stop.wait(timings.renew_seconds):
            if not _try(leader.renew, "renew the lease"):
                log.warning("lost leadership; stopping jobs and standing by")
                break
    finally:
        scheduler.shutdown(wait=True)  # an in-flight tick finishes; none starts after this
        _try(leader.release, "release the lease")


def _build_scheduler():
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.jobstores.memory import MemoryJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": MISFIRE_GRACE_SECONDS,
        },
        timezone="UTC",
    )
    scheduler.add_listener(_log_outcome, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    return scheduler


def _log_outcome(event) -> None:
    if getattr(event, "exception", None) is not None:
        log.error(
            "job %s failed: %s: %s", event.job_id, type(event.exception).__name__, event.exception
        )
    elif hasattr(event, "retval"):
        log.info("job %s done: %s", event.job_id, event.retval)
    else:
        log.warning("job %s missed its run at %s", event.job_id, event.scheduled_run_time)


def _try(action: Callable[[], object], what: str):
    """A database hiccup while electing must not kill the service: log it, count it as no."""
    try:
        return action()
    except Exception as exc:  # the service must outlive a broken connection
        log.error("could not %s: %s: %s", what, type(exc).__name__, exc)
        return False


def _utc_now():
    from datetime import UTC, datetime

    return datetime.now(UTC)
