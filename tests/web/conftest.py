"""A signed-in world for web tests: the lifecycle cast with passwords, and the ASGI app."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from starlette.testclient import TestClient

from audit_engine.asgi import create_app
from audit_engine.bootstrap import Settings, build_app
from audit_engine.domain.clock import FixedClock
from audit_engine.services.administration import setup
from audit_engine.services.administration.account_links import set_password
from tests.acting import as_cli
from tests.lifecycle import world

PASSWORD = "correct horse battery staple"
DATABASE_FILE = "audit-engine.sqlite3"  # tests/conftest.py's SQLite file in the home
CAST = [world.ADMIN, world.OFFICER, world.LEAD, world.AUDITOR2, world.MANAGER,
        world.OTHER_MANAGER, world.OWNER, world.LEAD_OFFICER]


@pytest.fixture(scope="session")
def people_home(tmp_path_factory) -> Path:
    """A home whose SQLite database is initialised and holds the cast with passwords, built
    once per session: each SQLite test copies it (milliseconds) instead of running the
    migrations, loading the checklists and hashing eight passwords again (about a second)."""
    home = tmp_path_factory.mktemp("web-people") / "home"
    home.mkdir()
    app = build_app(Settings(home=home, database_url=f"sqlite:///{home / DATABASE_FILE}"))
    try:
        setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
        _cast_with_passwords(app)
    finally:
        app.dispose()  # the last connection closed: the WAL is folded into the file
    return home


@pytest.fixture
def people(request, settings, home):
    """An App over the test's own database holding the lifecycle cast, every one with
    PASSWORD: on SQLite a copy of the session's `people_home`, on PostgreSQL built afresh in
    the test's schema."""
    if settings.database_url.startswith("sqlite"):
        shutil.copytree(request.getfixturevalue("people_home"), home, dirs_exist_ok=True)
        app = build_app(settings)
    else:
        app = build_app(settings)
        setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
        _cast_with_passwords(app)
    yield app
    app.dispose()


def _cast_with_passwords(app) -> None:
    world.cast(app)
    hasher = _HashOnce(app.password_hasher)
    for email in CAST:
        set_password(app.uow(), app.clock, hasher, actor=as_cli("operator"), email=email,
                     password=PASSWORD)


class _HashOnce:
    """The real argon2id hasher asked once per password: the cast shares one genuine hash
    (same salt), which sign-in verifies with the real hasher. Saves 7 hashes per world."""

    def __init__(self, hasher) -> None:
        self.hasher, self.made = hasher, {}

    def hash(self, password: str) -> str:
        if password not in self.made:
            self.made[password] = self.hasher.hash(password)
        return self.made[password]

    def __getattr__(self, name: str):
        return getattr(self.hasher, name)


@pytest.fixture
def web(people, settings):
    """The ASGI application over the test's database, with a clock the test can move."""
    http = create_app(settings)
    http.state.services.clock = FixedClock(people.clock.now())
    yield http
    http.state.services.dispose()


@pytest.fixture
def client(web):
    with TestClient(web, base_url="http://127.0.0.1", follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the session's browser tests (starting one costs seconds); each test
    points it at its own server with `use`."""
    from tests.web.browser import Browser

    browser = Browser("")
    yield browser
    browser.quit()


# What a browser sends when it navigates to a page (not for a picture or an htmx request).
NAVIGATION = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Sec-Fetch-Dest": "document"}


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every statement any engine sends while the block runs."""
    sent: list[str] = []

    def seen(_conn, _cursor, statement, *_):
        sent.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", seen)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD, next: str = "/"):
    form = client.get("/sign-in")
    return client.post("/sign-in", data={"email": email, "password": password, "next": next,
                                         "csrf": csrf_of(form.text)})


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item (browser fixtures save screenshots on failure)."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report
