"""Each facility's time zone, end to end: a facility in America/Mexico_City and one in
Asia/Shanghai get fieldwork invites at 08:00 their time (written in UTC in the iCalendar),
reminders naming the local start and zone, and reports whose times are in the facility's zone
with the zone named; stored times stay UTC. An unknown zone is one clear error, nothing
written."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from audit_engine.domain.errors import InvalidInput
from audit_engine.notifications.invites import read_ics
from audit_engine.reporting.renderer import WeasyRenderer
from audit_engine.services.administration.facility_changes import edit_facility
from audit_engine.services.administration.people import list_facilities
from audit_engine.services.calendar import programs, reminder_rules
from audit_engine.services.reports.rendering import audit_html
from tests.acting import as_cli
from tests.reports import sample_views as sv
from tests.scheduling.conftest import at
from tests.scheduling.test_tick import outbox_rows
from tests.scheduling.ticking import tick

ZONES = {"F1": "America/Mexico_City", "F2": "Asia/Shanghai"}


def _zoned(app) -> None:
    for code, zone in ZONES.items():
        edit_facility(app.uow(), app.clock, actor=as_cli("admin@example.com"), code=code,
                      time_zone=zone)
    reminder_rules.set_rule(
        app.uow(), app.clock, actor=as_cli("co@example.com"), key="weekly_digest", enabled=False
    )
    for code in ZONES:
        programs.add_program(app.uow(), app.clock, app.catalogs(), actor=as_cli("co@example.com"),
                             facility=code, checklist="ctpat-msc", lead="lead@example.com",
                             first_from=date(2027, 1, 1))


def test_an_unknown_zone_is_one_clear_error_and_nothing_changes(world):
    with pytest.raises(InvalidInput) as refused:
        edit_facility(world.uow(), world.clock, actor=as_cli("admin@example.com"), code="F1",
                      time_zone="Mars/Olympus_Mons")
    assert str(refused.value) == ("time zone 'Mars/Olympus_Mons' is not a known IANA time zone"
                                  " name (like America/Mexico_City or Asia/Shanghai)")
    assert {f.time_zone for f in list_facilities(world.uow())} == {None}


def test_invites_are_at_eight_local_and_say_the_zone(smtp_app, world, smtp):
    _zoned(world)
    summary = tick(smtp_app, at("2027-01-01T07:00"), send=True)
    assert not summary.errors, summary.errors
    invites = {}
    for _, message in smtp.messages:
        if message["X-Audit-Engine-Key"].startswith("fieldwork_invite:"):
            calendar = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
            text = message.get_body(("plain",)).get_content()
            invites[read_ics(calendar.get_content())["summary"].split()[-2]] = (
                read_ics(calendar.get_content()), text)
    assert set(invites) == {"F1", "F2"}
    mexico, shanghai = invites["F1"][0], invites["F2"][0]
    # 08:00 in Mexico City (UTC-6) is 14:00 UTC; 08:00 in Shanghai (UTC+8) is 00:00 UTC
    assert mexico["starts_at"].astimezone(UTC).time().isoformat() == "14:00:00"
    assert mexico["ends_at"].astimezone(UTC).time().isoformat() == "23:00:00"
    assert shanghai["starts_at"].astimezone(UTC).time().isoformat() == "00:00:00"
    assert "Each day from 08:00 to 17:00, America/Mexico_City time." in invites["F1"][1]
    assert "Each day from 08:00 to 17:00, Asia/Shanghai time." in invites["F2"][1]


def test_reminders_name_the_local_start(world):
    _zoned(world)
    day = date(2027, 1, 1)
    while day <= date(2027, 2, 15):
        assert not tick(world, at(f"{day}T07:00"), send=False).errors
        day += timedelta(days=1)
    starting = {r.context["facility"]: r.context for r in outbox_rows(world)
                if r.rule == "fieldwork_starting"}
    assert set(starting) == {"F1", "F2"}
    for code, zone in ZONES.items():
        assert starting[code]["starts_at"] == f"{starting[code]['starts_on']} 08:00 {zone}"
        assert starting[code]["time_zone"] == zone


def test_report_times_are_in_the_facilitys_zone():
    renderer = WeasyRenderer()
    closed = sv.audit(status="closed")
    moment = datetime(2027, 4, 20, 15, 30, tzinfo=UTC)
    assert closed.closed_at == moment  # stored in UTC
    for zone, shown in [("America/Mexico_City", "2027-04-20 09:30 America/Mexico_City"),
                        ("Asia/Shanghai", "2027-04-20 23:30 Asia/Shanghai")]:
        view = replace(closed, facility=replace(closed.facility, time_zone=zone))
        html = audit_html(renderer, view, moment)
        assert f"<th>Generated</th><td>{shown}</td>" in html
        assert f"<th>Closed</th><td>{shown}</td>" in html
        assert " UTC<" not in html
