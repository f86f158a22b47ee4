"""Scheduler benchmarks on a SQLite file. Prints figures and ratios.

1. One tick (open programs + reminder scan, no sending) over 10,000 and 100,000 corrective
   actions with the same few hundred due: the cost must follow what is due, not table size
   (ratio near 1x; aim: under 1 s).
2. Dispatch throughput to a local aiosmtpd over one connection (claim, render, compose, send,
   mark per message), against a floor of smtplib sending pre-built messages on one connection.
"""

from __future__ import annotations

import smtplib
import socket
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from audit_engine.bootstrap import Settings, build_app  # noqa: E402
from audit_engine.bootstrap.tick_wiring import delivery_for, tick_parts  # noqa: E402
from audit_engine.demo.story import cli  # noqa: E402
from audit_engine.domain.clock import FixedClock  # noqa: E402
from audit_engine.notifications.compose import compose  # noqa: E402
from audit_engine.services.administration import (
    people,
    setup,  # noqa: E402
)
from audit_engine.services.calendar import reminder_rules
from audit_engine.services.calendar.tick import tick  # noqa: E402
from audit_engine.services.mail import outbox
from audit_engine.services.planning import planning
from audit_engine.storage.models.lifecycle import CorrectiveAction, Finding  # noqa: E402

NOW = datetime(2027, 3, 1, 7, tzinfo=UTC)
OPEN = 300  # due or overdue: what a tick has to act on
MESSAGES = 500


def build(home: Path, settings_changes: dict | None = None):
    app = build_app(replace(Settings(home=home), **(settings_changes or {})))
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    people.add_user(app.uow(), app.clock, actor=None, email="a@x.io", name="A", roles=["admin"])
    for email, role in [("co@x.io", "compliance_officer"), ("lead@x.io", "auditor"),
                        ("own@x.io", "action_owner")]:
        people.add_user(app.uow(), app.clock, actor=cli("a@x.io"), email=email, name=email,
                        roles=[role])
    people.add_facility(app.uow(), app.clock, actor=cli("a@x.io"), code="F1", name="F1",
                        entity_type="us_importer", manager="co@x.io")
    reminder_rules.set_rule(app.uow(), app.clock, actor=cli("co@x.io"), key="weekly_digest",
                            enabled=False)
    return app


def seed_actions(app, total: int) -> None:
    audit = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=cli("co@x.io"),
                              facility="F1", checklist="ctpat-msc", period="2099-Q1",
                              lead="lead@x.io")
    with app.uow() as uow:
        finding_id = uow.session.execute(insert(Finding).returning(Finding.id), [{
            "audit_id": audit.number, "criterion_id": "1.1", "result": "non_compliant",
            "level": "must", "severity": "major", "status": "confirmed", "created_at": NOW,
        }]).scalar_one()
        today = NOW.date()
        rows = [_action(n, audit.number, finding_id, today) for n in range(total)]
        for start in range(0, total, 10_000):
            uow.session.execute(insert(CorrectiveAction), rows[start:start + 10_000])
        uow.commit()


def _action(n: int, audit_id: int, finding_id: int, today: date) -> dict:
    if n < OPEN:  # open, due from 40 days ago to 20 days ahead
        due, status = today + timedelta(days=n % 60 - 40), "open"
    else:  # the long tail: verified actions over six years
        due, status = date(2022, 1, 1) + timedelta(days=n % 2190), "verified"
    return {"finding_id": finding_id, "audit_id": audit_id, "owner_id": 4, "due": due,
            "plan": "fix it", "root_cause": "", "status": status, "created_by_id": 2,
            "created_at": NOW}


def timed_tick(app) -> tuple[float, int]:
    started = time.perf_counter()
    summary = tick(tick_parts(app, NOW), send=False)
    elapsed = time.perf_counter() - started
    assert not summary.errors and summary.reminders is not None, summary.errors
    return elapsed, summary.reminders.queued


def bench_tick() -> None:
    results = {}
    for total in (10_000, 100_000):
        with tempfile.TemporaryDirectory() as folder:
            app = build(Path(folder))
            seed_actions(app, total)
            first, queued = timed_tick(app)
            again, _ = timed_tick(app)
            results[total] = first
            print(f"tick over {total:>7,} actions ({OPEN} open): {first * 1000:7.1f} ms, "
                  f"{queued} messages queued; repeat tick {again * 1000:6.1f} ms (0 new)")
            app.dispose()
    ratio = results[100_000] / results[10_000]
    verdict = "ok" if results[100_000] < 1.0 else "SLOW"
    print(f"10x the table costs {ratio:.2f}x the time (aim ~1x; under 1 s: {verdict})")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Sink.count += 1
        return "250 OK"


def bench_dispatch() -> None:
    from aiosmtpd.controller import Controller

    port = free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            app = build(Path(folder), {"mail_transport": "smtp", "smtp_host": "127.0.0.1",
                                       "smtp_port": port, "smtp_security": "none",
                                       "mail_from": "audit@x.io"})
            rows = [outbox.outbox_row(
                rule="audit_due", key=f"A-{n}:2027-03-04:d3", recipients=["own@x.io"],
                template="audit_due", context={"audit": f"A-{n}", "facility": "F1",
                "facility_name": "Plant F1", "period": "2027-Q1", "due": "2027-03-04",
                "days_left": 3, "status": "fieldwork", "unanswered": 12},
                now=NOW, mail_domain="x.io") for n in range(MESSAGES)]
            with app.uow() as uow:
                outbox.enqueue(uow.session, rows)
                uow.commit()
            clock = FixedClock(NOW)
            delivery = delivery_for(app, clock)
            started = time.perf_counter()
            result = outbox.dispatch(app.uow, clock, delivery)
            ours = time.perf_counter() - started
            assert result.sent == MESSAGES, result
            mail, _ = outbox.build_mail(_first(app), delivery)
            message = compose(mail)
            app.dispose()
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as connection:
            for _ in range(MESSAGES):
                connection.send_message(message)
        floor = time.perf_counter() - started
    finally:
        controller.stop()
    print(f"dispatch {MESSAGES} messages over one SMTP connection: {MESSAGES / ours:6.0f} msg/s "
          f"(claim+render+compose+send+mark); smtplib floor {MESSAGES / floor:6.0f} msg/s; "
          f"ratio {ours / floor:.2f}x")


def _first(app):
    from sqlmodel import select

    from audit_engine.storage.models.scheduling import OutboxMessage

    with app.uow().reading() as uow:
        return uow.session.exec(select(OutboxMessage).limit(1)).first()


if __name__ == "__main__":
    bench_tick()
    bench_dispatch()
