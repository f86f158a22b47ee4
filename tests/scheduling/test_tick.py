"""Ticks with a controllable clock: a year of quarters, catching up, idempotence, dispatch."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from sqlmodel import select

from audit_engine.bootstrap import build_app
from audit_engine.bootstrap.tick_wiring import delivery_for
from audit_engine.reporting.jobs import PartsJob, TemplateJob
from audit_engine.services.calendar import programs, reminder_rules
from audit_engine.services.mail.outbox import HTTP_RULES, DispatchResult, build_mail, list_outbox
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.scheduling import OutboxMessage
from tests.acting import as_cli
from tests.scheduling.conftest import at
from tests.scheduling.rows import due_rows
from tests.scheduling.ticking import tick
from tests.scheduling.walk import add_program


def outbox_rows(app) -> list[OutboxMessage]:
    with app.uow().reading() as uow:
        return list(uow.session.exec(select(OutboxMessage)).all())


def audits_of(app, program_number: int) -> list[str]:
    with app.uow().reading() as uow:
        return sorted(uow.session.exec(select(Audit.period).where(
            Audit.program_id == program_number)).all())


def test_a_year_of_quarters_opens_four_audits_and_each_reminder_once(world):
    program = add_program(world)
    number = int(program.id.removeprefix("P-"))
    day = date(2027, 1, 1)
    while day <= date(2027, 12, 31):
        # Down for a week before the Q1 due date: the missed 7-day reminder still goes, once.
        if not date(2027, 3, 20) <= day <= date(2027, 3, 27):
            summary = tick(world, at(f"{day}T07:00"), send=False)
            assert not summary.errors, summary.errors
            if day.day in (1, 15):  # a second scheduler pass the same day changes nothing
                assert tick(world, at(f"{day}T07:30"), send=False).reminders.queued == 0
        day += timedelta(days=1)
    assert audits_of(world, number) == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
    rows = outbox_rows(world)
    by_rule = Counter(r.rule for r in rows)
    # No audit is ever submitted: each is overdue the day after its due date (told once) and
    # from then on in every weekly digest; before the first is overdue a digest goes only
    # when it has news (an audit newly due within 30 days).
    assert by_rule == {"fieldwork_invite": 4, "fieldwork_starting": 4, "audit_due": 8,
                       "audit_overdue": 3, "weekly_digest": 41}
    starting = [r for r in rows if r.rule == "fieldwork_starting"]
    assert all(r.recipients == ["lead@example.com", "team@example.com"] for r in starting)
    due = sorted(r.dedupe_key for r in rows if r.rule == "audit_due")
    assert due[:2] == ["audit_due:A-1:2027-03-31:d1", "audit_due:A-1:2027-03-31:d7"]
    assert all(r.context["unanswered"] > 0 for r in rows if r.rule == "audit_due")


def test_downtime_across_period_boundaries_opens_missed_audits_once(world):
    program = add_program(world, facility="F2")
    number = int(program.id.removeprefix("P-"))
    tick(world, at("2027-07-10T07:00"), send=False)  # first tick after two quarters down
    tick(world, at("2027-07-10T08:00"), send=False)
    assert audits_of(world, number) == ["2027-Q1", "2027-Q2", "2027-Q3"]
    invites = [r for r in outbox_rows(world) if r.rule == "fieldwork_invite"]
    assert len(invites) == 3
    # caught-up fieldwork is put at least a week ahead, never in the past
    assert all(r.context["starts_on"] >= "2027-07-17" for r in invites)


def test_paused_program_opens_nothing_until_resumed(world):
    program = add_program(world)
    programs.set_paused(world.uow(), world.clock, actor=as_cli("co@example.com"),
                        program=program.id, paused=True)
    tick(world, at("2027-02-01T07:00"), send=False)
    assert audits_of(world, 1) == []
    programs.set_paused(world.uow(), world.clock, actor=as_cli("co@example.com"),
                        program=program.id, paused=False)
    tick(world, at("2027-02-01T07:05"), send=False)
    assert audits_of(world, 1) == ["2027-Q1"]


def test_a_program_lead_must_be_an_auditor_at_its_facility(world):
    import pytest

    from audit_engine.domain.errors import InvalidInput

    # team@ audits F1 only: as lead of an F2 program, every tick would fail to open the audit.
    with pytest.raises(InvalidInput, match="team@example.com is not an auditor at F2"):
        add_program(world, "F2", lead="team@example.com")
    assert add_program(world, "F1", lead="team@example.com")
    summary = tick(world, at("2027-01-01T07:00"), send=False)
    assert not summary.errors, summary.errors
    assert audits_of(world, 1) == ["2027-Q1"]


def test_opt_out_skips_optional_messages_only(world):
    reminder_rules.set_opt_out(world.uow(), world.clock, actor=as_cli("mgr@example.com"), rule="*",
                               opted_out=True)
    add_program(world)
    tick(world, at("2027-01-04T07:00"), send=False)
    rules = Counter(r.rule for r in outbox_rows(world))
    assert rules["weekly_digest"] == 0  # optional: skipped
    assert rules["fieldwork_invite"] == 1  # mandatory: the manager is still invited


def test_smtp_down_messages_wait_then_all_deliver_once(smtp_app, world, smtp):
    reminder_rules.set_rule(world.uow(), world.clock, actor=as_cli("co@example.com"),
                            key="weekly_digest", enabled=False)
    due_rows(world, at("2027-01-04T07:00"), 5)
    smtp.stop()
    down = tick(smtp_app, at("2027-01-04T07:00"))
    assert down.dispatch == DispatchResult(sent=0, retried=1, failed=0, reaped=0,
                                           stopped_early=True)
    waiting = list_outbox(world.uow, status="pending")
    assert len(waiting) == 5 and "unreachable" in (waiting[-1].error or "")
    smtp.start()
    tick(smtp_app, at("2027-01-04T07:30"))  # after the first backoff
    tick(smtp_app, at("2027-01-04T08:00"))
    assert len(list_outbox(world.uow, status="sent")) == 5
    ids = smtp.message_ids()
    assert len(ids) == 5 and len(set(ids)) == 5


def test_retries_give_up_with_the_reason_and_retry_rearms(smtp_app, world, smtp):
    reminder_rules.set_rule(world.uow(), world.clock, actor=as_cli("co@example.com"),
                            key="weekly_digest", enabled=False)
    due_rows(world, at("2027-01-04T07:00"), 1)
    smtp.stop()
    moment = at("2027-01-04T07:00")
    for _ in range(8):
        tick(smtp_app, moment, send=True)
        moment += timedelta(hours=7)
    failed = list_outbox(world.uow, status="failed")
    assert len(failed) == 1 and failed[0].error.startswith("gave up after 6 attempts")
    from audit_engine.services.mail.outbox import retry_message

    smtp.start()
    retry_message(world.uow, world.clock, failed[0].id, actor=as_cli("co@example.com"))
    tick(smtp_app, moment)
    assert len(smtp.messages) == 1


def test_template_error_fails_that_message_only(smtp_settings, world, smtp, tmp_path):
    broken = tmp_path / "templates" / "email"
    broken.mkdir(parents=True)
    (broken / "audit_due.txt").write_text("Hello {{ nobody_knows }}\n")
    app = build_app(replace(smtp_settings, template_dir=tmp_path / "templates"))
    due_rows(world, at("2027-01-04T07:00"), 1, rule="audit_due")
    due_rows(world, at("2027-01-04T07:00"), 1, rule="fieldwork_starting")
    summary = tick(app, at("2027-01-04T07:00"))
    assert not summary.errors
    failed = list_outbox(world.uow, status="failed")
    assert [f.rule for f in failed] == ["audit_due"]
    assert "audit_due.txt:1" in failed[0].error and "nobody_knows" in failed[0].error
    to_lead = [m for to, m in smtp.messages if to == ["lead@example.com"]]
    assert len(to_lead) == 1 and "Fieldwork for A-1" in to_lead[0]["Subject"]  # the other one
    app.dispose()


def test_a_mail_is_one_render_round_trip_and_sends_what_three_single_renders_would(
        smtp_app, world, smtp):
    """A mail's text, HTML and subject go to the render worker as one job (a round trip each
    cost ~0.2 ms a mail); what is sent and stored is the same as rendering each alone."""
    due_rows(world, at("2027-01-04T07:00"), 3)
    renderer = smtp_app.renderer()
    jobs: list = []
    run = renderer.pool.run
    renderer.pool.run = lambda job: jobs.append(job) or run(job)  # type: ignore[method-assign]
    summary = tick(smtp_app, at("2027-01-04T07:00"))
    sent = [r for r in outbox_rows(smtp_app) if r.status == "sent" and r.rule not in HTTP_RULES]
    mails = [j for j in jobs if isinstance(j, PartsJob) and len(j.names) == 3]
    assert summary.dispatch.sent >= len(sent) == len(mails) >= 3
    assert not [j for j in jobs if isinstance(j, TemplateJob)]
    one_by_one = replace(delivery_for(smtp_app, smtp_app.clock), render=lambda names, c, lang: (
        tuple(renderer.render_text(name, c, lang) for name in names)))
    for row in sent:
        assert build_mail(row, one_by_one)[1] == {
            "subject": row.subject, "body_text": row.body_text, "body_html": row.body_html}


def test_invalid_recipient_is_a_failed_row_with_its_reason(smtp_app, world, smtp):
    due_rows(world, at("2027-01-04T07:00"), 1, to="not-an-address")
    tick(smtp_app, at("2027-01-04T07:00"))
    failed = list_outbox(world.uow, status="failed")
    assert "invalid address: 'not-an-address'" in failed[0].error
