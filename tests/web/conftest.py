"""A signed-in world for web tests: the lifecycle cast with passwords, and the ASGI app."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from audit_engine.asgi import create_app
from audit_engine.domain.clock import FixedClock
from audit_engine.services.administration.account_links import set_password
from tests.lifecycle import world

PASSWORD = "correct horse battery staple"
CAST = [world.ADMIN, world.OFFICER, world.LEAD, world.AUDITOR2, world.MANAGER,
        world.OTHER_MANAGER, world.OWNER, world.LEAD_OFFICER]


@pytest.fixture
def people(app):
    """The lifecycle cast, every one with PASSWORD (hashed cheaply: tests need no cost)."""
    world.cast(app)
    for email in CAST:
        set_password(app.uow(), app.clock, app.password_hasher, actor="operator", email=email,
                     password=PASSWORD)
    return app


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
