"""The API under test: a TestClient over `create_api(app)` on SQLite and PostgreSQL, and a cast
of people, each with a personal token."""

from __future__ import annotations

import warnings

import pytest

from audit_engine.api import create_api
from audit_engine.services.integrations.tokens import create_token
from tests.acting import as_cli
from tests.lifecycle import world


@pytest.fixture
def client_for():
    """A TestClient over the API of an App (server errors become 500 responses, as served)."""
    with warnings.catch_warnings():  # starlette prefers httpx2; httpx works the same here
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    made = []

    def make(app):
        client = TestClient(create_api(app), raise_server_exceptions=False)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


class Cast:
    """People of tests/lifecycle/world.py with a token each; `as_(email)` gives headers."""

    def __init__(self, app) -> None:
        self.app = app
        self.tokens: dict[str, str] = {}

    def token(self, email: str, **options) -> str:
        made = create_token(self.app.uow(), self.app.clock, actor=as_cli(email), name="test",
                            **options)
        return made.secret

    def as_(self, email: str, **headers: str) -> dict[str, str]:
        if email not in self.tokens:
            self.tokens[email] = self.token(email)
        return {"Authorization": f"Bearer {self.tokens[email]}", **headers}


@pytest.fixture
def cast(app) -> Cast:
    world.cast(app)
    return Cast(app)


@pytest.fixture
def api(app, cast, client_for):
    return client_for(app)


def if_match(version: int) -> dict[str, str]:
    return {"If-Match": f'"{version}"'}
