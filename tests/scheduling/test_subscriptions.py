"""Report subscriptions firing: one message per due run, with the rendered PDF attached, to a
real SMTP server; never twice for one run; skipped, with the reason, when there is nothing
to report."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from audit_engine.services.calendar import reminder_rules, subscriptions
from audit_engine.services.planning import planning
from tests.acting import as_cli
from tests.reports.pdfs import pages_text
from tests.scheduling.conftest import at
from tests.scheduling.ticking import tick
from tests.scheduling.walk import OFFICER, set_clock

PORTFOLIO_TITLE = "CTPAT audit portfolio"


def subscribe(app, report: str, schedule: str, to: list[str], **params) -> str:
    return subscriptions.add_subscription(
        app.uow(),
        app.clock,
        actor=as_cli(OFFICER),
        report=report,
        schedule=schedule,
        recipients=to,
        **params,
    ).id


def pdf_of(message) -> tuple[str, bytes]:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    return part.get_filename(), part.get_content()


def subscription_of(message) -> str:
    # X-Audit-Engine-Key: subscription:S-<n>:<run time>
    return message["X-Audit-Engine-Key"].split(":")[1]


def test_each_schedule_sends_one_pdf_per_run_and_skips_when_nothing_to_report(
    smtp_app, world, smtp
):
    reminder_rules.set_rule(world.uow(), world.clock, actor=as_cli(OFFICER), key="weekly_digest",
                            enabled=False)
    set_clock(world, at("2027-01-01T06:00"))  # a Friday
    audit = planning.plan_audit(world.uow(), world.clock, world.catalogs(), actor=as_cli(OFFICER),
                              facility="F1", checklist="ctpat-msc", period="2027-Q1",
                              lead="lead@example.com")
    weekly = subscribe(world, "portfolio", "weekly", ["mgr@example.com"])  # Mondays 07:00
    monthly = subscribe(world, "facility", "monthly", ["co@example.com"], facility="F1")
    quarterly = subscribe(world, "portfolio", "quarterly", ["co@example.com", "lead@example.com"])
    cron = subscribe(world, "portfolio", "30 6 * * 3", ["mgr@example.com"])  # Wednesdays 06:30
    no_actions = subscribe(world, "actions", "weekly", ["owner@example.com"])

    skipped: Counter = Counter()
    day = at("2027-01-01T07:00")
    while day < at("2027-01-15T00:00"):
        for moment in (day, day, day + timedelta(minutes=30)):  # repeated ticks change nothing
            summary = tick(smtp_app, moment)
            assert not summary.errors, summary.errors
            skipped.update(summary.reminders.skipped_because)
        day += timedelta(days=1)

    per_subscription = Counter(subscription_of(m) for _, m in smtp.messages)
    assert per_subscription == {weekly: 2, monthly: 1, quarterly: 1, cron: 2}
    assert len(set(smtp.message_ids())) == len(smtp.messages) == 6
    assert skipped == {"no open corrective actions": 2}
    [shown] = [s for s in subscriptions.list_subscriptions(world.uow()) if s.id == no_actions]
    assert shown.last_outcome == "skipped: no open corrective actions"

    for recipients, message in smtp.messages:
        name, pdf = pdf_of(message)
        assert pdf.startswith(b"%PDF-") and name.endswith(".pdf")
        text = "\n".join(pages_text(pdf))
        if subscription_of(message) == monthly:
            assert recipients == ["co@example.com"]
            assert audit.id in text and "Plant F1" in text
        else:
            assert PORTFOLIO_TITLE in text
        if subscription_of(message) == quarterly:
            assert recipients == ["co@example.com", "lead@example.com"]
    # Each run once, keyed by the run it belongs to (not by when the tick happened).
    runs = sorted((subscription_of(m), m["X-Audit-Engine-Key"].split(":", 2)[2][:16])
                  for _, m in smtp.messages)
    assert runs == sorted([
        (weekly, "2027-01-04T07:00"), (weekly, "2027-01-11T07:00"),
        (monthly, "2027-01-01T07:00"), (quarterly, "2027-01-01T07:00"),
        (cron, "2027-01-06T06:30"), (cron, "2027-01-13T06:30"),
    ])


def test_a_facility_manager_subscribes_only_to_their_own_facility(world):
    import pytest

    from audit_engine.domain.errors import PermissionDenied
    from audit_engine.services.administration.people import add_user

    add_user(
        world.uow(),
        world.clock,
        actor=as_cli("admin@example.com"),
        email="f2.mgr@example.com",
        name="F2 Manager",
        roles=["manager"],
        facilities=["F2"],
    )

    def add(report: str, **params):
        return subscriptions.add_subscription(
            world.uow(), world.clock, actor=as_cli("f2.mgr@example.com"), report=report,
            schedule="weekly", recipients=["outside@example.org"], **params)

    with pytest.raises(PermissionDenied, match="facility F1"):
        add("facility", facility="F1")  # another facility's audit report
    for report in ("portfolio", "actions"):  # every facility's data
        with pytest.raises(PermissionDenied, match="every facility"):
            add(report)
    assert add("facility", facility="F2").facility == "F2"
    assert [s.facility for s in subscriptions.list_subscriptions(world.uow())] == ["F2"]


def test_recipients_may_carry_a_display_name(world):
    import pytest

    from audit_engine.domain.errors import InvalidInput

    added = subscriptions.add_subscription(
        world.uow(), world.clock, actor=as_cli(OFFICER), report="portfolio", schedule="weekly",
        recipients=["Zoë Ortiz <Zoe@Example.com>", "zoe@example.com", "mgr@example.com"])
    assert added.to == ("Zoë Ortiz <zoe@example.com>", "mgr@example.com")
    with pytest.raises(InvalidInput, match="'Zoë <zoe>' is not a valid e-mail address"):
        subscribe(world, "portfolio", "weekly", ["Zoë <zoe>"])


def test_a_subscription_in_spanish_mails_a_spanish_pdf(smtp_app, world, smtp):
    """The subscription's language wins over its recipient's (English here); an unknown code
    is refused in one line and nothing is added."""
    import pytest

    from audit_engine.domain.errors import InvalidInput

    reminder_rules.set_rule(world.uow(), world.clock, actor=as_cli(OFFICER), key="weekly_digest",
                            enabled=False)
    set_clock(world, at("2027-01-01T06:00"))
    planning.plan_audit(world.uow(), world.clock, world.catalogs(), actor=as_cli(OFFICER),
                        facility="F1", checklist="ctpat-msc", period="2027-Q1",
                        lead="lead@example.com")
    with pytest.raises(InvalidInput, match="language 'xx' is not a language here; choose one "
                                           "of: en, es"):
        subscribe(world, "portfolio", "weekly", ["mgr@example.com"], language="xx",
                  check=world.languages.checked)
    spanish = subscribe(world, "portfolio", "weekly", ["mgr@example.com"], language="es",
                        check=world.languages.checked)
    assert [s.language for s in subscriptions.list_subscriptions(world.uow())] == ["es"]
    assert not tick(smtp_app, at("2027-01-04T07:00")).errors
    [(recipients, message)] = smtp.messages
    assert subscription_of(message) == spanish and recipients == ["mgr@example.com"]
    text = "\n".join(pages_text(pdf_of(message)[1]))
    assert "Portafolio de auditorías CTPAT" in text and PORTFOLIO_TITLE not in text
    body = message.get_body(("plain",)).get_content()
    assert "Suscripción" in body, body
