import multiprocessing
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlmodel import select

from audit_engine.domain.errors import Conflict, StaleRecord
from audit_engine.storage.engine import make_engine
from audit_engine.storage.models.people import User


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def _increment(url: str, times: int) -> int:
    from audit_engine.storage.uow import SqlUnitOfWork

    engine = make_engine(url)
    failures = 0
    for _ in range(times):
        try:
            with SqlUnitOfWork(engine) as uow:
                value = uow.session.exec(text("SELECT n FROM counter")).scalar()
                uow.session.exec(text("UPDATE counter SET n = :n").bindparams(n=value + 1))
                uow.commit()
        except Exception:
            failures += 1
    return failures


def test_concurrent_read_then_write_transactions_all_commit_on_sqlite(tmp_path):
    # Deferred BEGIN loses most of these to "database is locked"; BEGIN IMMEDIATE loses none.
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with make_engine(url).begin() as connection:
        connection.exec_driver_sql("CREATE TABLE counter (n INTEGER NOT NULL)")
        connection.exec_driver_sql("INSERT INTO counter VALUES (0)")
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        failures = pool.starmap(_increment, [(url, 50)] * 4)
    with make_engine(url).connect() as connection:
        total = connection.exec_driver_sql("SELECT n FROM counter").scalar()
    assert failures == [0, 0, 0, 0]
    assert total == 200


def test_threads_of_one_process_take_turns_to_write_and_a_failed_write_ends_its_turn(tmp_path):
    import threading

    from audit_engine.storage.engine import write_lock
    from audit_engine.storage.uow import SqlUnitOfWork

    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE counter (n INTEGER NOT NULL UNIQUE)")
        connection.exec_driver_sql("INSERT INTO counter VALUES (0)")
    with pytest.raises(Conflict), SqlUnitOfWork(engine) as uow:
        uow.session.exec(text("INSERT INTO counter VALUES (0)"))  # unique: refused
    assert not write_lock(engine).locked()
    failures = []

    def increment():
        for _ in range(25):
            try:
                with SqlUnitOfWork(engine) as uow:
                    value = uow.session.exec(text("SELECT n FROM counter")).scalar()
                    uow.session.exec(text("UPDATE counter SET n = :n").bindparams(n=value + 1))
                    uow.commit()
            except Exception as error:
                failures.append(error)

    threads = [threading.Thread(target=increment) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT n FROM counter").scalar() == 200
    assert failures == [] and not write_lock(engine).locked()


def test_leaving_without_commit_rolls_back(app):
    with app.uow() as uow:
        uow.session.add(User(email="a@example.com", name="A", created_at=datetime.now(UTC)))
    with app.uow().reading() as uow:
        assert uow.session.exec(select(User)).all() == []


def test_unique_violation_is_a_conflict(app):
    with app.uow() as uow:
        uow.session.add(User(email="a@example.com", name="A", created_at=datetime.now(UTC)))
        uow.commit()
    with pytest.raises(Conflict), app.uow() as uow:
        uow.session.add(User(email="a@example.com", name="B", created_at=datetime.now(UTC)))
        uow.commit()


def test_times_come_back_aware_utc(app):
    moment = datetime(2027, 1, 4, 9, 30, tzinfo=UTC)
    with app.uow() as uow:
        uow.session.add(User(email="t@example.com", name="T", created_at=moment))
        uow.commit()
    with app.uow().reading() as uow:
        stored = uow.session.exec(select(User)).one().created_at
    assert stored == moment and stored.tzinfo is not None


def test_stale_record_error_says_someone_else_changed_it():
    assert "changed by someone else" in str(StaleRecord("audit A-1"))


def test_postgresql_keeps_its_connections_open_instead_of_opening_one_a_request(database_url):
    """A busy moment's connections are kept for the next one (no new backend per request
    beyond the first few, as SQLAlchemy's default overflow did), up to the setting."""
    if database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's pool only")
    engine = make_engine(database_url, connections=8)

    def backends_of_eight_at_once() -> set[int]:
        held = [engine.connect() for _ in range(8)]
        pids = {c.exec_driver_sql("SELECT pg_backend_pid()").scalar() for c in held}
        for connection in held:
            connection.close()
        return pids

    first = backends_of_eight_at_once()
    assert backends_of_eight_at_once() == first
    assert engine.pool.size() == 8
    engine.dispose()
