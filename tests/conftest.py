"""Shared fixtures: every database test runs on SQLite and, when configured, on PostgreSQL.

PostgreSQL runs when AUDIT_ENGINE_TEST_DATABASE_URL is set; each test gets its own schema.
With AUDIT_ENGINE_REQUIRE_POSTGRES=1 (CI) a skipped or missing PostgreSQL run fails the session.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from audit_engine.bootstrap import Settings, build_app
from audit_engine.services.administration import setup

PG_URL = os.environ.get("AUDIT_ENGINE_TEST_DATABASE_URL", "")
REQUIRE_PG = os.environ.get("AUDIT_ENGINE_REQUIRE_POSTGRES") == "1"
COMMAND = Path(sys.executable).parent / "audit-engine"
_pg_outcomes = {"passed": 0, "skipped": 0}


def pytest_sessionstart(session):
    if REQUIRE_PG and not PG_URL:
        pytest.exit("AUDIT_ENGINE_REQUIRE_POSTGRES=1 needs AUDIT_ENGINE_TEST_DATABASE_URL", 3)


def pytest_runtest_logreport(report):
    if "[postgresql" in report.nodeid and (report.when == "call" or report.skipped):
        if report.skipped:
            _pg_outcomes["skipped"] += 1
        elif report.passed:
            _pg_outcomes["passed"] += 1


def pytest_sessionfinish(session, exitstatus):
    if not REQUIRE_PG or hasattr(session.config, "workerinput"):
        return  # xdist workers report to the controller, which checks
    if _pg_outcomes["skipped"] or not _pg_outcomes["passed"]:
        print(f"\nPostgreSQL run required but: {_pg_outcomes}", file=sys.stderr)
        session.exitstatus = 1


# A module whose tests need PostgreSQL (several processes on one SQLite file is not a supported
# setup) runs their PostgreSQL run alone, skipped as that run is when no PostgreSQL is configured.
POSTGRES_ONLY = [pytest.mark.postgres,
                 pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'home' / 'audit-engine.sqlite3'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL: AUDIT_ENGINE_TEST_DATABASE_URL is not set")
    yield from _postgres_schema(PG_URL)


def _postgres_schema(base_url: str):
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        yield f"{base_url}{'&' if '?' in base_url else '?'}options={quote(f'-csearch_path={name}')}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
        admin.dispose()


@pytest.fixture
def home(tmp_path) -> Path:
    path = tmp_path / "home"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def settings(home, database_url) -> Settings:
    return Settings(home=home, database_url=database_url)


@pytest.fixture
def bare_app(settings):
    """An App on an empty database."""
    app = build_app(settings)
    yield app
    app.dispose()


@pytest.fixture
def app(bare_app):
    """An App on an upgraded database with the shipped checklists registered."""
    setup.initialise(bare_app.engine, bare_app.uow(), bare_app.catalogs(), bare_app.clock)
    return bare_app


@pytest.fixture
def cli(home, database_url):
    """Run the installed `audit-engine` command against this test's home and database."""

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
        full_env.update(AUDIT_ENGINE_HOME=str(home), AUDIT_ENGINE_DATABASE_URL=database_url)
        full_env.update(env or {})
        return subprocess.run(
            [str(COMMAND), *args], env=full_env, input=input, capture_output=True, text=True,
            timeout=timeout,
        )

    return run


@pytest.fixture
def command() -> Path:
    assert COMMAND.exists(), f"the audit-engine command is not installed at {COMMAND}"
    return COMMAND
