"""iCalendar (RFC 5545/5546) invites for audit fieldwork windows."""

from __future__ import annotations

from datetime import UTC, datetime

from audit_engine.domain.formats.mail import Invite

PRODID = "-//audit-engine//fieldwork//EN"


def build_ics(invite: Invite, stamped_at: datetime) -> str:
    """A VCALENDAR with METHOD matching the MIME `method` parameter and one VEVENT.

    Times are written in UTC so no VTIMEZONE block is needed (clients render local time).
    """
    from icalendar import Calendar, Event, vCalAddress, vText

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", invite.method)
    event = Event()
    event.add("uid", invite.uid)
    event.add("sequence", invite.sequence)
    event.add("dtstamp", stamped_at.astimezone(UTC))
    event.add("dtstart", invite.starts_at.astimezone(UTC))
    event.add("dtend", invite.ends_at.astimezone(UTC))
    event.add("summary", invite.summary)
    if invite.description:
        event.add("description", invite.description)
    if invite.location:
        event.add("location", invite.location)
    if invite.method == "CANCEL":
        event.add("status", "CANCELLED")
    organizer = vCalAddress(f"mailto:{invite.organizer}")
    organizer.params["cn"] = vText(invite.organizer)
    event["organizer"] = organizer
    for attendee in invite.attendees:
        address = vCalAddress(f"mailto:{attendee}")
        address.params.update(
            {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
        )
        event.add("attendee", address, encode=0)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def read_ics(text: str | bytes) -> dict:
    """The fields tests and tools look at, read back with the icalendar parser."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(text)
    event = calendar.walk("VEVENT")[0]
    attendees = event.get("attendee", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    return {
        "method": str(calendar.get("method")),
        "uid": str(event["uid"]),
        "sequence": int(event["sequence"]),
        "starts_at": event.decoded("dtstart"),
        "ends_at": event.decoded("dtend"),
        "summary": str(event["summary"]),
        "organizer": str(event["organizer"]).removeprefix("mailto:"),
        "attendees": [str(a).removeprefix("mailto:") for a in attendees],
    }
