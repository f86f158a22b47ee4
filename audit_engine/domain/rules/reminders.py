"""Reminder rules as data, and the pure date rules behind programs and reminders.

The defaults below are what a fresh database uses; a compliance officer overrides any of them
(`reminder rule set`), and the override is a row in reminder_rule. Pure Python.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.inputs import is_ascii_number

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Rule:
    key: str
    description: str
    days: tuple[int, ...] = ()
    mandatory: bool = False  # mandatory messages ignore opt-outs
    enabled: bool = True
    weekday: str | None = None

    def with_override(self, *, enabled: bool, mandatory: bool, days: Iterable[int],
                      weekday: str | None) -> Rule:
        return replace(
            self, enabled=enabled, mandatory=mandatory, days=tuple(days), weekday=weekday
        )


DEFAULT_RULES: dict[str, Rule] = {
    rule.key: rule
    for rule in (
        Rule(
            "fieldwork_invite",
            "calendar invite when a fieldwork window is set or moves (lead, team, manager)",
            mandatory=True,
        ),
        Rule(
            "fieldwork_starting", "fieldwork starts in N days (lead and team)", (7,), mandatory=True
        ),
        Rule(
            "audit_due",
            "audit due in N days, with the count of unanswered criteria (lead and team)",
            (7, 1),
            mandatory=True,
        ),
        Rule("action_due", "corrective action due in N days (owner)", (14, 3)),
        Rule(
            "action_overdue",
            "corrective action overdue, daily from N days late (owner; implemented: verifiers)",
            (1,),
            mandatory=True,
        ),
        Rule(
            "action_escalation_manager",
            "corrective action N days overdue (managers of the facility, not the owner)",
            (7,),
            mandatory=True,
        ),
        Rule(
            "action_escalation_compliance",
            "corrective action N days overdue (compliance officers; from the manager's N "
            "when the owner manages the facility)",
            (30,),
            mandatory=True,
        ),
        Rule(
            "weekly_digest",
            "weekly digest with the portfolio PDF of the recipient's facilities (each manager)",
            weekday="mon",
        ),
        Rule("final_report", "final report PDF when an audit closes (the facility's managers; "
             "none: the compliance officers)"),
        Rule("audit_submitted", "an audit was submitted: review and approve it (its approvers)"),
        Rule("action_assigned", "a corrective action was given to you (its owner)"),
        Rule("action_implemented", "a corrective action was implemented: verify it (those who "
             "may verify it, never the implementer)"),
        Rule("action_rejected", "a corrective action was rejected, with the reason (its owner)"),
        Rule("audit_overdue", "an audit is past due and not submitted (the lead and the "
             "compliance officers)", mandatory=True),
        Rule("subscription", "scheduled report subscriptions (their recipients)"),
    )
}


def parse_days(text: str) -> tuple[int, ...]:
    """`14,3` -> (14, 3): whole days, 0..366, no duplicates."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not all(is_ascii_number(part) and len(part) <= 3 for part in parts):
        raise InvalidInput.said("days %(text)r: expected whole numbers like 14,3", text=text)
    days = tuple(int(part) for part in parts)
    if any(d < 0 or d > 366 for d in days) or len(set(days)) != len(days):
        raise InvalidInput.said("days %(text)r: each must be 0-366 and appear once", text=text)
    return days


def stage_for(days_left: int, stages: tuple[int, ...]) -> int | None:
    """The reminder stage an item `days_left` from its due date is in, or None.

    Stages (14, 3): 14..4 days left -> stage 14, 3..0 -> stage 3. One reminder per stage,
    so an item created late still gets the stage it is in, and a stage whose window passed
    during downtime is not sent stale.
    """
    fitting = [s for s in stages if s >= days_left >= 0]
    return min(fitting) if fitting else None


# ---- audit programs -------------------------------------------------------------------------

EVERY = ("quarter",)
FIELDWORK_OFFSET_DAYS = 14  # fieldwork starts two weeks after the audit opens
MIN_NOTICE_DAYS = 7  # a caught-up audit's fieldwork is put at least a week ahead


def check_start_month(month: int) -> int:
    if not 1 <= month <= 12:
        raise InvalidInput.said("start month %(month)s is outside 1-12", month=month)
    return month


def first_opening(on_or_after: date, start_month: int) -> date:
    """The first 1st-of-month on or after the date in the program's quarterly cadence."""
    year, month = on_or_after.year, on_or_after.month
    if on_or_after.day > 1:
        year, month = _add_months(year, month, 1)
    while (month - start_month) % 3:
        year, month = _add_months(year, month, 1)
    return date(year, month, 1)


def next_opening(opening: date) -> date:
    year, month = _add_months(opening.year, opening.month, 3)
    return date(year, month, 1)


def period_of(opening: date) -> str:
    return f"{opening.year}-Q{(opening.month - 1) // 3 + 1}"


def fieldwork_window(opening: date, today: date, days: int) -> tuple[date, date]:
    """`days` working days (Mon-Fri), starting two weeks after opening, or a week from today
    when catching up."""
    start = _working_day(
        max(
            opening + timedelta(days=FIELDWORK_OFFSET_DAYS), today + timedelta(days=MIN_NOTICE_DAYS)
        )
    )
    end = start
    for _ in range(max(days, 1) - 1):
        end = _working_day(end + timedelta(days=1))
    return start, end


def _working_day(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1
