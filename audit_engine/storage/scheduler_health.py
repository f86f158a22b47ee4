"""Is a scheduler alive? Whether one holds the leader lease, and when one last ticked.

The last tick is a row of the lease table named `tick`: `holder` is who ticked, `renewed_at`
when the tick finished and `expires_at` when that news goes stale (STALE_AFTER later). Wall
clock, like the leases: this is about processes being alive, not about a test's fixed clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select, text, update

from audit_engine.storage.engine import writer
from audit_engine.storage.leases import HELD_SQL, LEASE_NAME, _aware, advisory_key
from audit_engine.storage.models.scheduling import SchedulerLease

TICK_NAME = "tick"
STALE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class SchedulerHealth:
    leading: bool  # some process holds the leader lease now
    last_tick_at: datetime | None
    last_tick_by: str | None
    stale: bool  # no tick for STALE_AFTER (or never)


def record_tick(engine: Engine, holder: str) -> None:
    now = datetime.now(UTC)
    values = {"holder": holder[:200], "renewed_at": now, "expires_at": now + STALE_AFTER}
    with writer(engine).begin() as connection:
        done = connection.execute(
            update(SchedulerLease).where(SchedulerLease.name == TICK_NAME).values(**values))
        if done.rowcount == 0:
            connection.execute(SchedulerLease.__table__.insert().values(
                name=TICK_NAME, acquired_at=now, **values))


def scheduler_health(engine: Engine) -> SchedulerHealth:
    now = datetime.now(UTC)
    with engine.connect() as connection:
        rows = {r.name: r for r in connection.execute(select(
            SchedulerLease.name, SchedulerLease.holder, SchedulerLease.renewed_at,
            SchedulerLease.expires_at).where(SchedulerLease.name.in_((LEASE_NAME, TICK_NAME))))}
        if engine.dialect.name == "postgresql":
            key = advisory_key(connection)
            leading = bool(connection.execute(text(HELD_SQL), {"key": key}).scalar())
        else:
            lease = rows.get(LEASE_NAME)
            leading = lease is not None and _aware(lease.expires_at) > now
    tick = rows.get(TICK_NAME)
    last = _aware(tick.renewed_at) if tick else None
    return SchedulerHealth(leading, last, tick.holder if tick else None,
                           last is None or now - last > STALE_AFTER)
