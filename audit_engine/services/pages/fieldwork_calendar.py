"""The fieldwork calendar: one month across every facility the reader may see, in weeks from
Monday: each audit's fieldwork days and its due date (an overdue one marked), the month in
the URL (`2027-01`) with the months before and after."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput
from audit_engine.services.calendar.calendar_audits import CalendarAudit, calendar_audits
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.ports import UnitOfWork


@dataclass(frozen=True)
class DayEntry:
    kind: str  # "fieldwork" | "due"
    audit: str  # A-n
    facility: str  # code
    period: str
    status: str
    overdue: bool  # a due date passed before submitting


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    today: bool
    entries: tuple[DayEntry, ...]


@dataclass(frozen=True)
class MonthPage:
    first: date  # the month's first day
    previous: date  # the first day of the month before
    next: date  # and after
    weeks: tuple[tuple[CalendarDay, ...], ...]
    audits: int  # audits with a day in the month
    overdue: int  # of those, overdue ones


def parse_month(text: str, today: date) -> date:
    """`YYYY-MM` as the month's first day; empty: this month."""
    if not text.strip():
        return today.replace(day=1)
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1)
    except ValueError:
        raise InvalidInput.said("month %(text)r is not a month like 2027-01", text=text) from None


def month_page(uow: UnitOfWork, clock: Clock, *, actor: Actor, month: str = "") -> MonthPage:
    today = clock.now().date()
    first = parse_month(month, today)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    with uow.reading():
        _, grants = actor_with_grants(uow.session, actor)
        audits = calendar_audits(uow.session, grants, today, first, last)
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    days = [_day(start + timedelta(days=n), first, today, audits)
            for n in range((end - start).days + 1)]
    weeks = tuple(tuple(days[i:i + 7]) for i in range(0, len(days), 7))
    return MonthPage(first, (first - timedelta(days=1)).replace(day=1),
                     last + timedelta(days=1), weeks, len(audits),
                     sum(1 for a in audits if a.overdue))


def _day(day: date, first: date, today: date, audits: list[CalendarAudit]) -> CalendarDay:
    in_month = (day.year, day.month) == (first.year, first.month)
    entries = [] if not in_month else [
        DayEntry(kind, a.ref, a.facility, a.period, a.status, a.overdue and kind == "due")
        for a in audits
        for kind in ("fieldwork", "due")
        if (kind == "due" and a.due == day)
        or (kind == "fieldwork" and a.starts_on and a.ends_on and a.starts_on <= day <= a.ends_on)
    ]
    return CalendarDay(day, in_month, day == today, tuple(entries))
