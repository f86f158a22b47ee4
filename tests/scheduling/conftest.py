"""A real SMTP server on loopback (aiosmtpd), a seeded world, and a tick at a chosen moment."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from audit_engine.bootstrap import build_app
from audit_engine.services.administration.people import add_facility, add_user
from tests.acting import as_cli


def free_port() -> int:
    # aiosmtpd's Controller(port=0) fails its readiness check (it connects to the port it
    # was given, and 0 is no port): pick one.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """aiosmtpd in a thread; records every message that reaches DATA (parsed)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list = []
        self.hold: threading.Event | None = None  # when given: block in DATA until it is set
        self.hold_after = 0  # ... for messages after the first `hold_after`
        self.arrived = threading.Event()
        self._controller = None

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        self.arrived.set()
        if self.hold is not None and len(self.messages) > self.hold_after:
            while not self.hold.is_set():
                time.sleep(0.05)
        return "250 Message accepted for delivery"

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def message_ids(self) -> list[str]:
        return [m["Message-ID"] for _, m in self.messages]


@pytest.fixture
def smtp():
    sink = SmtpSink(free_port()).start()
    yield sink
    if sink.hold is not None:
        sink.hold.set()
    sink.stop()


@pytest.fixture
def smtp_settings(settings, smtp):
    return replace(settings, mail_transport="smtp", smtp_host="127.0.0.1", smtp_port=smtp.port,
                   smtp_security="none", smtp_timeout=5.0, mail_from="audit@example.com")


@pytest.fixture
def smtp_app(app, smtp_settings):
    mail_app = build_app(smtp_settings)
    yield mail_app
    mail_app.dispose()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


PEOPLE = [
    ("admin@example.com", "Admin", ["admin"], []),
    ("co@example.com", "Compliance Officer", ["compliance_officer"], []),
    ("lead@example.com", "Lead Auditor", ["auditor"], []),
    ("team@example.com", "Team Auditor", ["auditor"], ["F1"]),
    ("mgr@example.com", "Plant Manager", ["manager"], []),
    ("owner@example.com", "Action Owner", ["action_owner"], []),
]


def seed_world(app) -> None:
    """Users, facility F1 (managed by mgr@) and F2; auditors scoped as above."""
    first = True
    for email, name, roles, facilities in PEOPLE:
        if facilities:
            continue
        add_user(app.uow(), app.clock, actor=None if first else as_cli("admin@example.com"),
                 email=email, name=name, roles=roles)
        first = False
    for code in ("F1", "F2"):
        add_facility(app.uow(), app.clock, actor=as_cli("admin@example.com"), code=code,
                     name=f"Plant {code}", entity_type="us_importer",
                     manager="mgr@example.com")
    for email, name, roles, facilities in PEOPLE:
        if facilities:
            add_user(
                app.uow(),
                app.clock,
                actor=as_cli("admin@example.com"),
                email=email,
                name=name,
                roles=roles,
                facilities=facilities,
            )


@pytest.fixture
def world(app):
    seed_world(app)
    return app
