"""iCalendar (RFC 5545) subscription feeds: a VCALENDAR of all-day events a calendar app
polls (no METHOD: a published calendar, not an invitation)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from audit_engine.domain.formats.calendar_feed import FeedEvent

PRODID = "-//audit-engine//calendar feed//EN"


def build_feed(name: str, events: Iterable[FeedEvent], stamped_at: datetime) -> str:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamped_at.astimezone(UTC))
        event.add("dtstart", item.first)
        event.add("dtend", item.last + timedelta(days=1))  # DTEND of a DATE is exclusive
        event.add("summary", item.summary)
        event.add("transp", "TRANSPARENT")  # a due date does not make anyone busy
        for key, value in (("description", item.description), ("location", item.location),
                           ("url", item.url)):
            if value:
                event.add(key, value)
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def read_feed(text: str | bytes) -> list[dict]:
    """Each event's fields, read back with the icalendar parser (tests and tools)."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(text)
    return [{"uid": str(e["uid"]), "summary": str(e["summary"]),
             "first": e.decoded("dtstart"), "end": e.decoded("dtend"),
             "url": str(e.get("url", ""))} for e in calendar.walk("VEVENT")]
