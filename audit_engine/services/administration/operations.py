"""What an operator's probes ask: is this node ready to serve, and the shared numbers.

Readiness fails when this node cannot do its work: the database does not answer or is not at
the code's schema revision, or files cannot be stored (the evidence folder takes a real write;
object storage must answer a HEAD of the bucket with the configured credentials). The scheduler
is reported but never makes a node unready: a `serve --no-scheduler` node serves pages while
another node sends mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from audit_engine.services.administration.setup import database_status
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage.outbox import count_by_status, oldest_pending_at
from audit_engine.storage.scheduler_health import scheduler_health


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Readiness:
    ready: bool
    checks: tuple[Check, ...]
    scheduler_leading: bool | None  # None: the database did not say
    last_tick_age_seconds: float | None


def readiness(engine, evidence_store) -> Readiness:
    database = _database(engine)
    writable = evidence_store.writable()
    storage = Check("storage", writable, "files can be stored" if writable  # S3: bucket answers
                    else "files cannot be stored: the evidence folder is not writable or the "
                         "object store does not answer")
    leading, age = _scheduler(engine) if database.ok else (None, None)
    return Readiness(database.ok and storage.ok, (database, storage), leading, age)


def _database(engine) -> Check:
    try:
        status = database_status(engine)
    except Exception as exc:  # down, unreachable, newer than this code: the probe says which
        return Check("database", False, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    if not status.up_to_date:
        return Check("database", False,
                     f"schema at {status.database or 'nothing'}, this code needs {status.code}")
    return Check("database", True, f"schema at {status.database}")


def _scheduler(engine) -> tuple[bool | None, float | None]:
    try:
        health = scheduler_health(engine)
    except Exception:  # a probe reports; it does not fail on a missing heartbeat row
        return None, None
    last = health.last_tick_at
    return health.leading, (_now() - last).total_seconds() if last else None


def shared_gauges(engine, uow: UnitOfWork) -> list[tuple[str, str, dict[str, str], float]]:
    """Numbers every node reports alike, read from the database: (name, help, labels, value)."""
    with uow.reading():
        counts = count_by_status(uow.session)
        oldest = oldest_pending_at(uow.session)
    gauges = [("audit_engine_outbox_messages", "Outbox messages by status", {"status": s},
               float(counts.get(s, 0))) for s in ("pending", "sending", "sent", "failed")]
    gauges.append(("audit_engine_outbox_oldest_waiting_seconds",
                   "Age of the oldest message waiting to be sent (0: none waiting)", {},
                   (_now() - _aware(oldest)).total_seconds() if oldest else 0.0))
    leading, age = _scheduler(engine)
    gauges.append(("audit_engine_scheduler_leading", "1 when a scheduler holds the lease", {},
                   1.0 if leading else 0.0))
    if age is not None:
        gauges.append(("audit_engine_scheduler_last_tick_age_seconds",
                       "Seconds since a scheduler last finished a tick", {}, age))
    return gauges


def _now() -> datetime:
    return datetime.now(UTC)  # probes are about processes being alive: wall clock


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
