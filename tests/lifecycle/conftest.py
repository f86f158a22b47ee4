"""The lifecycle tests' app: the cast of tests/lifecycle/world.py on the test's database."""

from __future__ import annotations

import pytest

from tests.lifecycle import world


@pytest.fixture
def cast_app(app):
    world.cast(app)
    return app
