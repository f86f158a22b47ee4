"""An audit's team: the auditors who do its fieldwork with the lead.

Picked when planning and changed while the audit is planned, each an active user holding the
auditor role at the audit's facility (the lead's own rule). The fieldwork invite and the
reminders go to the lead and the team; an audit without a team reaches every auditor of the
facility, as before teams existed.
"""

from __future__ import annotations

from collections.abc import Iterable

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.rules.permissions import LEAD_ROLES, require_role
from audit_engine.domain.words import N_
from audit_engine.services.lookup import grants_of, user_by_email
from audit_engine.storage.models.people import User

MAX_TEAM = 20  # a form or command line naming more is a mistake, not a team


def team_emails(emails: Iterable[str]) -> tuple[str, ...]:
    """The e-mails as typed, trimmed, lower-cased, without blanks or repeats, comma lists
    split (`--team a@x,b@x` and repeated `--team` alike)."""
    seen: dict[str, None] = {}
    for entry in emails:
        for part in str(entry).split(","):
            if part.strip():
                seen[part.strip().lower()] = None
    if len(seen) > MAX_TEAM:
        raise InvalidInput.said("team: %(count)s people named, at most %(limit)s",
                                count=len(seen), limit=MAX_TEAM)
    return tuple(seen)


def checked_team(session, emails: Iterable[str], facility: str, lead: str) -> list[User]:
    """The named people, each an active auditor at `facility`; the lead is not repeated."""
    people = []
    for email in team_emails(emails):
        if email == lead.strip().lower():
            continue
        person = user_by_email(session, email, "team member")
        if not person.active:
            raise InvalidInput.said("team member %(email)s is deactivated", email=person.email)
        require_role(person.email, grants_of(session, person), LEAD_ROLES, facility,
                     N_("on the audit team"))
        people.append(person)
    return people
