"""Unit of work: one transaction, one session; commit explicitly or it rolls back."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from audit_engine.domain.errors import Conflict, StaleRecord
from audit_engine.storage.engine import BUSY_TIMEOUT_MS, write_lock, writer


class SqlUnitOfWork:
    """`with uow:` is a write transaction; `with uow.reading():` a read-only one."""

    def __init__(self, engine: Engine, trail_keys=None, secrets=None,
                 mail_domain: str | None = None) -> None:
        self.engine = engine
        self.trail_keys = trail_keys  # storage.trail_keys.KeyFile: what trail appends sign with
        self.secrets = secrets  # credentials.sealed.SecretBox: seals TOTP seeds, webhook secrets
        self.mail_domain = mail_domain  # Message-IDs of mail queued in this transaction
        self.session: Session | None = None
        self._lock = None

    def __enter__(self) -> SqlUnitOfWork:
        self._take_write_lock()
        try:
            self.session = Session(writer(self.engine), expire_on_commit=False)
            self.session.connection()  # begin now: SQLite takes the write lock here
        except BaseException:
            self._release_write_lock()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
            self.session = None
            self._release_write_lock()
        if isinstance(exc, StaleDataError):
            raise StaleRecord() from exc
        if isinstance(exc, IntegrityError):
            raise Conflict(f"conflicts with existing data: {_first_line(exc.orig)}") from exc
        if isinstance(exc, OperationalError) and "locked" in str(exc.orig):
            raise Conflict("the database is busy; try again") from exc

    def _take_write_lock(self) -> None:
        """Queue behind this process's other writers (SQLite; see engine.write_lock)."""
        lock = write_lock(self.engine)
        if lock is None:
            return
        if not lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
            raise Conflict("the database is busy; try again")
        self._lock = lock

    def _release_write_lock(self) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    def commit(self) -> None:
        try:
            self.session.commit()
        except StaleDataError as exc:
            raise StaleRecord() from exc
        except IntegrityError as exc:
            raise Conflict(f"conflicts with existing data: {_first_line(exc.orig)}") from exc

    @contextmanager
    def reading(self):
        with Session(self.engine, expire_on_commit=False) as session:
            self.session = session
            try:
                yield self
            finally:
                self.session = None


def _first_line(error: object) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
