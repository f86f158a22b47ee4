"""Per-person calendar feeds: a secret address a calendar app subscribes to, listing the
audits the person may read (fieldwork days and due dates, an overdue one marked).

Only the address's SHA-256 is stored: it is shown once when made; making a new one retires the
old, and switching it off stops it. The feed answers with the person's current rights, so a
revoked role or a deactivated account empties or ends it without touching the link.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import NotFound
from audit_engine.domain.formats.calendar_feed import FeedEvent
from audit_engine.languages.catalogues import SOURCE as ENGLISH
from audit_engine.languages.wording import wording_for
from audit_engine.notifications.feeds import build_feed
from audit_engine.services.calendar.calendar_audits import CalendarAudit, calendar_audits
from audit_engine.services.lookup import actor_with_grants, grants_of
from audit_engine.services.mail import calendar_text as text
from audit_engine.services.mail.languages import language_of
from audit_engine.services.mail.links import audit_path
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage.queries import calendar as rows

FEED_PATH = "/calendar/feed/"  # + token + ".ics"


@dataclass(frozen=True)
class FeedLink:
    made_at: datetime | None  # None: no link
    token: str | None = None  # only in the answer to making it


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_link(uow: UnitOfWork, *, actor: Actor) -> FeedLink:
    with uow.reading():
        user, _ = actor_with_grants(uow.session, actor)
        row = rows.feed_of(uow.session, user.id)
    return FeedLink(row.created_at if row else None)


def make_feed_link(uow: UnitOfWork, clock: Clock, *, actor: Actor) -> FeedLink:
    """A new secret address; the previous one (if any) stops working at once."""
    token = secrets.token_urlsafe(32)
    with uow:
        user, _ = actor_with_grants(uow.session, actor)
        now = clock.now()
        rows.replace_feed(uow.session, user.id, _hash(token), now)
        append_event(uow, now, actor, "calendar_feed.make", f"user:{user.email}", {})
        uow.commit()
    return FeedLink(now, token)


def drop_feed_link(uow: UnitOfWork, clock: Clock, *, actor: Actor) -> bool:
    """Switch the address off; whether there was one."""
    with uow:
        user, _ = actor_with_grants(uow.session, actor)
        dropped = rows.drop_feed(uow.session, user.id)
        if dropped:
            append_event(uow, clock.now(), actor, "calendar_feed.drop",
                         f"user:{user.email}", {})
            uow.commit()
    return dropped


def feed_text(uow: UnitOfWork, clock: Clock, *, token: str, base_url: str, domain: str,
              wording_of=wording_for) -> str:
    """The iCalendar text of the feed at `token` (NotFound for an unknown or retired one), in
    its owner's language (theirs, else their facility's, else English)."""
    with uow.reading():
        user = rows.feed_owner(uow.session, _hash(token)) if token else None
        if user is None:
            raise NotFound.said("no calendar feed at this address")

        audits = calendar_audits(uow.session, grants_of(uow.session, user), clock.now().date())
        wording = wording_of(language_of(uow.session, user.email))
    events = [e for a in audits
              for e in feed_events(a, base_url.rstrip("/"), domain, wording)]
    return build_feed(wording.gettext(text.FEED_NAME, name=user.name), events, clock.now())


def feed_events(audit: CalendarAudit, base_url: str, domain: str,
                wording=None) -> list[FeedEvent]:
    """The audit's fieldwork days and its due date, each with a UID of its own that stays."""
    say = (wording or wording_for(ENGLISH)).gettext
    words = {"audit": audit.ref, "where": f"{audit.facility} {audit.period}"}
    lead = audit.lead or say(text.NO_LEAD)
    common = {"location": audit.facility_name, "url": f"{base_url}{audit_path(audit.number)}",
              "description": say(text.FEED_DESCRIPTION, lead=lead, status=say(audit.status),
                                 **words)}
    events = []
    if audit.starts_on and audit.ends_on:
        events.append(FeedEvent(f"audit-{audit.number}-fieldwork-days@{domain}",
                                say(text.FEED_FIELDWORK, **words), audit.starts_on,
                                audit.ends_on, **common))
    if audit.due:
        due = say(text.FEED_OVERDUE if audit.overdue else text.FEED_DUE, **words)
        events.append(FeedEvent(f"audit-{audit.number}-due@{domain}", due, audit.due,
                                audit.due, **common))
    return events
