"""What calendar entries say, in their reader's language: the fieldwork invite a mail carries
(.ics) and the events of a person's calendar feed. The English here is marked for the
catalogue; each entry is worded when it is sent (the mail's language) or served (the feed
owner's)."""

from __future__ import annotations

from datetime import datetime

from audit_engine.domain.formats.mail import Invite
from audit_engine.languages.current import N_

INVITE_SUMMARY = N_("CTPAT audit fieldwork: %(facility)s %(period)s")
INVITE_DESCRIPTION = N_("Audit %(audit)s, checklist %(checklist)s")
FEED_NAME = N_("CTPAT audits (%(name)s)")
FEED_FIELDWORK = N_("Fieldwork %(audit)s %(where)s")
FEED_DUE = N_("Due %(audit)s %(where)s")
FEED_OVERDUE = N_("Due %(audit)s %(where)s (overdue)")
FEED_DESCRIPTION = N_("%(audit)s %(where)s, lead %(lead)s, status %(status)s")
NO_LEAD = N_("not set")
# An audit's status, said in the feed (the pages say the same words: _words.html).
STATUSES = (N_("planned"), N_("fieldwork"), N_("review"), N_("remediation"), N_("closed"),
            N_("cancelled"))


def invite_text(words: dict, wording) -> tuple[str, str]:
    """(summary, description) of a fieldwork invite from its `words` (facility, period,
    audit, checklist), in `wording`'s language."""
    return (wording.gettext(INVITE_SUMMARY, **words),
            wording.gettext(INVITE_DESCRIPTION, **words))


def invite_of(data: dict, sender: str, wording) -> Invite:
    """The row's invite, its summary and description in `wording`'s language (a row queued
    before invites carried their words keeps its English)."""
    summary, description = data["summary"], data.get("description", "")
    if data.get("words"):
        summary, description = invite_text(data["words"], wording)
    return Invite(
        uid=data["uid"],
        sequence=int(data["sequence"]),
        starts_at=datetime.fromisoformat(data["starts_at"]),
        ends_at=datetime.fromisoformat(data["ends_at"]),
        summary=summary,
        organizer=data.get("organizer") or sender,
        attendees=tuple(data["attendees"]),
        description=description,
        location=data.get("location", ""),
        method=data.get("method", "REQUEST"),
    )
