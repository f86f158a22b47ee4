"""The audits a person's calendar shows: those at facilities they may read (`audit.read`),
not cancelled, with their fieldwork window and due date; an audit past its due date and not
submitted is overdue. One read, shared by the month page and the calendar feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from audit_engine.domain.rules.facility_risk import audit_overdue
from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.domain.rules.permissions import Grant, may_read
from audit_engine.storage.queries.calendar import calendar_rows


@dataclass(frozen=True)
class CalendarAudit:
    ref: str  # A-n
    number: int
    facility: str  # code
    facility_name: str
    time_zone: str | None  # the facility's (None: the server's)
    period: str
    status: str
    lead: str | None  # e-mail
    due: date | None
    starts_on: date | None  # the fieldwork window, when the audit has one
    ends_on: date | None
    overdue: bool


def calendar_audits(session, grants: list[Grant], today: date, first: date | None = None,
                    last: date | None = None) -> list[CalendarAudit]:
    """What `grants` may read, due or in fieldwork between `first` and `last` when given."""
    shown = []
    for (number, status, period, due, code, name, zone, lead, starts,
         ends) in calendar_rows(session, first, last):
        if may_read(grants, "audit.read", code):
            shown.append(CalendarAudit(display_id("audit", number), number, code, name, zone,
                                       period, status, lead, due, starts, ends,
                                       audit_overdue(status, due, today)))
    return shown
