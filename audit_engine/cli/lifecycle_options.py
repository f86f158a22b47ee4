"""Options the lifecycle commands share: dates, the expected audit version, the App parts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import click

from audit_engine.cli.common import Whole, optional_actor
from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.inputs import MAX_ID
from audit_engine.domain.rules.lifecycle import parse_date


def expect_version_option(f: Callable) -> Callable:
    return click.option(
        "--expect-version", type=Whole(1, MAX_ID), default=None, metavar="N",
        help="Refuse (exit 5) if the audit changed since you saw version N (audit show).",
    )(f)  # fmt: skip


def optional_date(value: str | None, what: str) -> date | None:
    return parse_date(value, what) if value else None


def acting(app, actor: str | None) -> Actor:
    """The acting user (`--as`, else AUDIT_ENGINE_USER) through the CLI, schema checked first."""
    app.require_schema()
    who = optional_actor(app, actor)
    if who is None:
        raise InvalidInput("who is acting? pass --as EMAIL or set AUDIT_ENGINE_USER")
    return who
