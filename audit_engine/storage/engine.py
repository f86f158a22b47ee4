"""The one engine factory. SQLite gets WAL, foreign keys, a busy timeout and writes that take the
lock up front (BEGIN IMMEDIATE); PostgreSQL goes through the same code.
"""

from __future__ import annotations

import weakref

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from audit_engine.domain.errors import InvalidInput

WRITE_OPTION = "audit_engine_write"
BUSY_TIMEOUT_MS = 10_000


def make_engine(url: str) -> Engine:
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
        return create_engine(url, pool_pre_ping=True)
    raise InvalidInput(f"database URL: unsupported database {backend!r} (use sqlite or postgresql)")


_WRITERS: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


def writer(engine: Engine) -> Engine:
    """The same engine whose transactions begin as writers (SQLite: BEGIN IMMEDIATE).

    Made once per engine: every unit of work asks for it.
    """
    if engine not in _WRITERS:
        _WRITERS[engine] = engine.execution_options(**{WRITE_OPTION: True})
    return _WRITERS[engine]


def _sqlite_engine(url: str) -> Engine:
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

    return engine
