"""The end-to-end demo: every capability in order, on a fresh embedded database."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from audit_engine.demo import story
from audit_engine.domain.clock import FixedClock
from audit_engine.domain.errors import InvalidInput

MARKER = ".audit-engine-demo"


def prepare_home(home: Path) -> None:
    """Start from nothing; only a folder an earlier demo made is ever emptied."""
    if home.exists() and any(home.iterdir()):
        if not (home / MARKER).exists():
            raise InvalidInput(f"--home {home}: folder is not empty and not an earlier demo's")
        shutil.rmtree(home)
    try:
        home.mkdir(parents=True, exist_ok=True)
        (home / MARKER).write_text("made by `audit-engine demo`; safe to delete\n")
    except OSError as exc:
        raise InvalidInput(f"--home {home}: cannot write there ({exc.strerror})") from None


def demo_settings(settings, home: Path):
    """The embedded default (SQLite in home, mail to the outbox folder), whatever is configured."""
    return dataclasses.replace(settings, home=home, database_url="", mail_transport="folder")


def demo_clock() -> FixedClock:
    """The demo's calendar starts here and is advanced by the story, step by step."""
    return FixedClock(story.at("2026-12-14"))


DEMO_PASSWORD = "demo password 2026"  # shown on the terminal; the demo is for one machine


def web_logins(app) -> list[tuple[str, str]]:
    """Give every demo user the demo password; (email, roles) to print."""
    from audit_engine.domain.actor import Actor
    from audit_engine.services.administration.account_links import set_password
    from audit_engine.services.administration.people import list_users

    users = list_users(app.uow())
    for user in users:
        set_password(app.uow(), app.clock, app.password_hasher, actor=Actor("demo", "cli"),
                     email=user.email, password=DEMO_PASSWORD)
    return [(u.email, ", ".join(u.roles)) for u in users]


def run_demo(app, echo: Callable[[str], None],
             said: Callable[[Any], str]) -> Iterator[tuple[str, str]]:
    """`said`: a scheduler tick's summary in words."""
    yield from story.tell(app, echo, said)
