"""Leader election for `scheduler run`: at most one active scheduler per database.

PostgreSQL: a session-level `pg_try_advisory_lock` held on a dedicated connection; it vanishes
with the connection when the process dies. SQLite: a lease row (holder, expires_at) renewed
well before it expires; a standby takes it once it has expired. Leases use the wall clock,
never a test's fixed clock: they are about whether a process is alive.
"""

from __future__ import annotations

import os
import socket
import uuid
import zlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select, text, update

from audit_engine.storage.engine import writer
from audit_engine.storage.models.scheduling import SchedulerLease

LEASE_NAME = "scheduler"
# An arbitrary constant naming "the audit-engine scheduler" among advisory locks on this server.
ADVISORY_KEY = 0x4155_4449_5453_4348  # "AUDITSCH"
HELD_SQL = ("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND ((classid::bigint << 32) | objid::bigint) = :key")


def advisory_key(connection) -> int:
    """The lock for this installation: advisory locks are per database, so the schema the
    tables live in is part of the key (two installations in two schemas of one database
    each elect their own scheduler)."""
    schema = connection.execute(text("SELECT current_schema()")).scalar() or "public"
    return ADVISORY_KEY ^ zlib.crc32(schema.encode())


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def leader_for(engine: Engine, lease_seconds: float):
    if engine.dialect.name == "postgresql":
        return PgAdvisoryLeader(engine)
    return LeaseLeader(engine, lease_seconds)


class LeaseLeader:
    def __init__(self, engine: Engine, lease_seconds: float, holder: str | None = None) -> None:
        self.engine = engine
        self.lease = timedelta(seconds=lease_seconds)
        self.holder = holder or holder_name()

    def acquire(self) -> bool:
        now = datetime.now(UTC)
        with writer(self.engine).begin() as connection:  # BEGIN IMMEDIATE on SQLite
            row = connection.execute(
                select(SchedulerLease.holder, SchedulerLease.expires_at).where(
                    SchedulerLease.name == LEASE_NAME
                )
            ).first()
            if row is None:
                connection.execute(
                    SchedulerLease.__table__.insert().values(
                        name=LEASE_NAME,
                        holder=self.holder,
                        acquired_at=now,
                        renewed_at=now,
                        expires_at=now + self.lease,
                    )
                )
                return True
            expires_at = _aware(row.expires_at)
            if row.holder != self.holder and expires_at > now:
                return False
            connection.execute(
                update(SchedulerLease)
                .where(SchedulerLease.name == LEASE_NAME)
                .values(
                    holder=self.holder,
                    acquired_at=now,
                    renewed_at=now,
                    expires_at=now + self.lease,
                )
            )
            return True

    def renew(self) -> bool:
        now = datetime.now(UTC)
        with writer(self.engine).begin() as connection:
            result = connection.execute(
                update(SchedulerLease)
                .where(
                    SchedulerLease.name == LEASE_NAME,
                    SchedulerLease.holder == self.holder,
                    SchedulerLease.expires_at > now,
                )
                .values(renewed_at=now, expires_at=now + self.lease)
            )
            return result.rowcount == 1

    def release(self) -> None:
        now = datetime.now(UTC)
        with writer(self.engine).begin() as connection:
            connection.execute(
                update(SchedulerLease)
                .where(SchedulerLease.name == LEASE_NAME, SchedulerLease.holder == self.holder)
                .values(expires_at=now)
            )


class PgAdvisoryLeader:
    def __init__(self, engine: Engine, holder: str | None = None) -> None:
        self.engine = engine
        self.holder = holder or holder_name()
        self._connection = None
        self._key = ADVISORY_KEY

    def acquire(self) -> bool:
        if self._connection is not None:
            return self.renew()
        connection = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        self._key = advisory_key(connection)
        got = connection.execute(
            text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
        ).scalar()
        if got:
            self._connection = connection
        else:
            connection.close()
        return bool(got)

    def renew(self) -> bool:
        """Still holding it? The lock lives as long as our connection does."""
        if self._connection is None:
            return False
        try:
            held = self._connection.execute(
                text(HELD_SQL + " AND pid = pg_backend_pid()"), {"key": self._key}
            ).scalar()
        except Exception:
            self._drop()
            raise
        if not held:
            self._drop()
        return bool(held)

    def release(self) -> None:
        if self._connection is None:
            return
        try:
            self._connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._key})
        finally:
            self._drop()

    def _drop(self) -> None:
        if self._connection is not None:
            try:
                self._connection.invalidate()  # never return a lock-holding session to the pool
            finally:
                self._connection = None


def current_lease(engine: Engine) -> dict | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(SchedulerLease).where(SchedulerLease.name == LEASE_NAME)
        ).first()
    return dict(row._mapping) if row else None


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
