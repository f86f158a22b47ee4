"""The weekly digest covers only the facilities where the recipient holds a role: the attached
portfolio PDF of a one-facility manager, read back as text, names no other facility. A digest
with nothing to report is skipped unless the setting turns that off. Real tick, real dispatch
to the .eml folder, real PDF."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from email import message_from_bytes, policy

import pytest
from sqlmodel import select

from audit_engine.bootstrap import build_app
from audit_engine.services.administration import people
from audit_engine.services.mail import inbox
from audit_engine.services.planning import planning
from audit_engine.storage.models.scheduling import OutboxMessage
from tests.acting import as_cli
from tests.lifecycle import world
from tests.reports.pdfs import layout_text, save_pages_as_png
from tests.scheduling.ticking import tick

pytestmark = pytest.mark.slow
QUIET = "quiet.manager@example.com"  # manages a facility with nothing going on
MONDAY = datetime(2027, 1, 4, 7, tzinfo=UTC)


def two_facilities_and_a_quiet_one(app) -> None:
    """Two audits due within 30 days of MONDAY (news for a digest); one manager asked for the
    portfolio PDF with it (a digest carries it only on request)."""
    world.cast(app)
    world.plan(app, due=date(2027, 1, 29))
    planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(world.OFFICER),
                      facility="MX-01", checklist=world.CHECKLIST, period=world.PERIOD,
                      lead=world.LEAD, due=date(2027, 1, 29))
    inbox.save_preferences(app.uow(), app.clock, actor=as_cli(world.MANAGER),
                           chosen={"weekly_digest": "both"}, attach={"weekly_digest"})
    people.add_user(
        app.uow(),
        app.clock,
        actor=as_cli(world.ADMIN),
        email=QUIET,
        name="Quinn Quiet",
        roles=["manager"],
    )
    people.add_facility(app.uow(), app.clock, actor=as_cli(world.ADMIN), code="CA-77", name="Quiet",
                        entity_type="us_importer", country="CA", manager=QUIET)


def digests(app) -> dict[str, OutboxMessage]:
    with app.uow().reading() as uow:
        rows = uow.session.exec(select(OutboxMessage).where(
            OutboxMessage.rule == "weekly_digest")).all()
    return {row.recipients[0]: row for row in rows}


def attached_pdf(folder, recipient: str) -> bytes:
    for path in folder.glob("*.eml"):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == recipient and "digest" in message["Subject"]:
            [part] = [p for p in message.iter_attachments()
                      if p.get_content_type() == "application/pdf"]
            return part.get_content()
    raise AssertionError(f"no digest mailed to {recipient}")


def test_a_one_facility_managers_digest_names_no_other_facility(app):
    two_facilities_and_a_quiet_one(app)
    summary = tick(app, MONDAY)
    assert not summary.errors, summary.errors
    rows = digests(app)
    assert rows[world.MANAGER].context["facilities"] == [world.FACILITY]
    assert rows[world.OTHER_MANAGER].context["facilities"] == ["MX-01"]
    assert rows[world.MANAGER].attachments[0]["facilities"] == [world.FACILITY]
    assert rows[world.OTHER_MANAGER].attachments == []  # did not ask for the PDF
    assert QUIET not in rows  # nothing to report at CA-77: skipped
    pdf = attached_pdf(app.settings.mail_folder, world.MANAGER)
    save_pages_as_png(pdf, "digest-portfolio")
    text = layout_text(pdf)
    assert world.FACILITY in text
    assert "MX-01" not in text and "CA-77" not in text


def test_the_setting_sends_an_empty_digest_anyway(app, settings):
    two_facilities_and_a_quiet_one(app)
    loud = build_app(replace(settings, digest_skip_empty=False))
    try:
        tick(loud, MONDAY, send=False)
    finally:
        loud.dispose()
    quiet = digests(app)[QUIET].context
    assert quiet["facilities"] == ["CA-77"] and quiet["overdue"] == 0


def test_a_manager_who_audits_elsewhere_gets_only_the_portfolio_they_may_read(app):
    """Holding the auditor role at MX-01 reads MX-01's audits, not its portfolio."""
    from audit_engine.services.administration.user_changes import grant_role

    two_facilities_and_a_quiet_one(app)
    grant_role(app.uow(), app.clock, actor=as_cli(world.ADMIN), email=world.MANAGER, role="auditor",
               facility="MX-01")
    tick(app, MONDAY, send=False)
    row = digests(app)[world.MANAGER]
    assert row.context["facilities"] == [world.FACILITY]
    assert row.attachments[0]["facilities"] == [world.FACILITY]
    assert all(a["facility"] == world.FACILITY for a in row.context["audits_due"])
