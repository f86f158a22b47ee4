"""The one engine factory. SQLite gets WAL, foreign keys, a busy timeout and writes that take the
lock up front (BEGIN IMMEDIATE); PostgreSQL goes through the same code.
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.inputs import NUL

WRITE_OPTION = "audit_engine_write"
BUSY_TIMEOUT_MS = 10_000


def make_engine(url: str, connections: int = 15) -> Engine:
    from audit_engine.storage.limits import install

    install()  # text lengths checked before every flush, the same on both backends
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InvalidInput(f"database URL {url!r} is not a valid URL") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url)
    if backend == "postgresql":
        if parsed.drivername != "postgresql+psycopg":
            raise InvalidInput(
                "database URL: use the psycopg 3 driver (postgresql+psycopg://), "
                f"not {parsed.drivername}"
            )
        # A fixed pool: connections stay open and a request beyond them waits for one, instead
        # of SQLAlchemy's default overflow that opens and closes a backend per busy request.
        return _refusing_nul(create_engine(url, pool_pre_ping=True, pool_size=connections,
                                           max_overflow=0))
    raise InvalidInput(f"database URL: unsupported database {backend!r} (use sqlite or postgresql)")


def _owner_only(database: str | None) -> None:
    """The database file (it holds sealed secrets and everyone's data) is created mode 600
    before SQLite opens it; SQLite gives its -wal and -shm files the same mode. A file made
    readable by others before this version is narrowed when we own it."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.parent.is_dir() and not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for each in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            info = each.stat()
            if info.st_uid == os.geteuid() and info.st_mode & 0o077:
                each.chmod(0o600)


_WRITERS: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def writer(engine: Engine) -> Engine:
    """The same engine whose transactions begin as writers (SQLite: BEGIN IMMEDIATE).

    Made once per engine: every unit of work asks for it.
    """
    if engine not in _WRITERS:
        _WRITERS[engine] = engine.execution_options(**{WRITE_OPTION: True})
    return _WRITERS[engine]


_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()
_MADE = threading.Lock()


def write_lock(engine: Engine) -> threading.Lock | None:
    """SQLite: one lock per engine that a process's write transactions take in turn; other
    databases: None (their writers wait on row locks, woken by the server).

    SQLite lets one writer in at a time, and a writer that finds the lock taken polls in
    SQLite's busy handler, sleeping 1, 2, 5 ... up to 100 ms between tries, first come not
    first served: with 20 concurrent saves in one server process some waited a second while
    each write held the lock for milliseconds. Queued on this lock, a thread runs as soon as
    the one before it commits. Other processes on the same file still meet the busy handler.
    """
    if engine.dialect.name != "sqlite":
        return None
    with _MADE:
        if engine not in _WRITE_LOCKS:
            _WRITE_LOCKS[engine] = threading.Lock()
        return _WRITE_LOCKS[engine]


def _sqlite_engine(url: str) -> Engine:
    _owner_only(make_url(url).database)
    engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's begin event emit BEGIN itself (the driver's own is deferred and late).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A deferred BEGIN that later writes fails under concurrency: SQLite answers SQLITE_BUSY
        # at the upgrade to a write lock without waiting on busy_timeout.
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return _refusing_nul(engine)


def _refusing_nul(engine: Engine) -> Engine:
    """A NUL (U+0000) in any parameter, a lookup included, is bad input on both backends
    (PostgreSQL cannot take one: it would be a server error)."""

    @event.listens_for(engine, "before_cursor_execute")
    def _no_nul(_connection, _cursor, _statement, parameters, _context, _executemany):
        rows = parameters if isinstance(parameters, list) else [parameters]
        for row in rows:
            values = row.values() if isinstance(row, dict) else row or ()
            if any(isinstance(v, str) and NUL in v for v in values):
                raise InvalidInput("text contains a NUL character (U+0000); refused")

    return engine
