"""The fieldwork calendar across facilities (fieldwork days, due dates, overdue marked, the
month in the URL, only the facilities one may read) and each person's calendar feed at a
secret address: shown once, valid iCalendar read back by the icalendar parser with a UID per
audit and kind, made anew (the old address ends) and switched off."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from audit_engine.notifications.feeds import read_feed
from audit_engine.services.calendar import programs
from audit_engine.services.calendar.fieldwork_window import move_fieldwork
from audit_engine.services.calendar.open_now import open_next_now
from audit_engine.services.planning import planning
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _two_audits(people) -> tuple[date, date, date]:
    """A-1 at US-NJ-01 from its programme, fieldwork moved to three days from `start`; A-2
    at MX-01 planned due `due`. Returns (start, end, due)."""
    today = people.clock.now().date()
    later = (today.replace(day=1) + timedelta(days=100)).replace(day=1)
    programs.add_program(people.uow(), people.clock, people.catalogs(), actor=as_cli(world.OFFICER),
                         facility=world.FACILITY, checklist=world.CHECKLIST,
                         start_month=later.month, lead=world.LEAD, first_from=later)
    open_next_now(people.uow, people.clock, people.catalogs(), actor=as_cli(world.OFFICER),
                  program="P-1", mail_domain="example.com")
    start = today + timedelta(days=2)
    move_fieldwork(people.uow(), people.clock, actor=as_cli(world.OFFICER), audit="A-1",
                   starts_on=start, days=3, mail_domain="example.com")
    due = today + timedelta(days=3)
    planning.plan_audit(people.uow(), people.clock, people.catalogs(), actor=as_cli(world.OFFICER),
                        facility="MX-01", checklist=world.CHECKLIST, period=world.PERIOD,
                        lead=world.LEAD, due=due)
    return start, start + timedelta(days=2), due


def _entries(page: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", e)).strip()
            for e in re.findall(r'<li class="entry [^"]*">(.*?)</li>', page, re.S)]


def test_the_month_shows_fieldwork_due_dates_and_overdue(client, people):
    start, end, due = _two_audits(people)
    client.app.state.services.clock.at += timedelta(days=5)  # A-2 is now past due
    sign_in(client, world.OFFICER)
    page = client.get(f"/calendar?month={_month(due)}").text
    entries = _entries(page)
    assert "Due A-2 · MX-01 overdue" in entries
    assert 'class="entry due overdue"' in page
    fieldwork_days = [d for d in (start, start + timedelta(days=1), end) if d.month == due.month]
    assert entries.count("Fieldwork A-1 · US-NJ-01") == len(fieldwork_days)
    previous = re.search(r'href="/calendar\?month=([0-9-]+)" rel="prev"', page).group(1)
    assert previous == _month(due.replace(day=1) - timedelta(days=1))
    assert "A-2" not in client.get(f"/calendar?month={previous}").text
    bad = client.get("/calendar?month=2027-13")
    assert bad.status_code == 422 and "month '2027-13' is not a month like 2027-01" in (
        html.unescape(bad.text))
    client.cookies.clear()
    sign_in(client, world.OTHER_MANAGER)  # manages MX-01 only
    theirs = _entries(client.get(f"/calendar?month={_month(due)}").text)
    assert theirs and all("MX-01" in e for e in theirs)
    account = client.get("/account").text
    client.post("/account/language", data={"csrf": csrf_of(account), "language": "es"})
    spanish = client.get("/calendar?month=2027-01").text
    assert "Calendario de trabajo de campo" in spanish and "enero de 2027" in spanish


def _make_link(client) -> str:
    page = client.get("/calendar/feed").text
    made = client.post("/calendar/feed", data={"csrf": csrf_of(page)})
    assert made.status_code == 201
    return re.search(r'id="feed-address"[^>]*value="([^"]+)"', made.text).group(1)


def test_the_feed_lists_what_one_may_read_and_ends_when_renewed_or_off(client, people):
    _two_audits(people)
    sign_in(client, world.OTHER_MANAGER)
    address = _make_link(client)
    assert address.startswith("http://127.0.0.1/calendar/feed/") and address.endswith(".ics")
    assert address not in client.get("/calendar/feed").text  # shown once
    path = address.removeprefix("http://127.0.0.1")
    client.cookies.clear()  # the address is the key: no sign-in
    answer = client.get(path)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(
        "text/calendar")
    assert [e["summary"] for e in read_feed(answer.text)] == ["Due A-2 MX-01 2027-Q1"]
    sign_in(client, world.OFFICER)
    first = _make_link(client).removeprefix("http://127.0.0.1")
    officer = read_feed(client.get(first).text)
    uids = [e["uid"] for e in officer]
    assert len(uids) == len(set(uids)) == 3  # A-1 fieldwork and due, A-2 due
    fieldwork = next(e for e in officer if e["uid"].startswith("audit-1-fieldwork-days@"))
    assert (fieldwork["end"] - fieldwork["first"]).days == 3  # three days, DTEND exclusive
    assert fieldwork["url"] == "http://127.0.0.1/audits/A-1"
    renewed = _make_link(client)
    assert client.get(renewed.removeprefix("http://127.0.0.1")).status_code == 200
    assert client.get(first).status_code == 404  # the old address ended
    assert client.get("/calendar/feed/not-a-token.ics").status_code == 404
    page = client.get("/calendar/feed").text
    assert client.post("/calendar/feed/off", data={"csrf": csrf_of(page)}).status_code == 303
    assert client.get(renewed.removeprefix("http://127.0.0.1")).status_code == 404
    assert "You have no address yet" in client.get("/calendar/feed").text
