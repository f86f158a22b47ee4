"""Report subscription schedules: weekly, monthly, quarterly, or a 5-field cron expression.

Cron is evaluated in UTC with APScheduler's CronTrigger. Its `from_crontab` numbers weekdays
from Monday = 0, so "0 9 * * 1" would fire on Tuesdays (APScheduler 3.x CronTrigger docs): we
parse the five fields ourselves and turn numeric weekdays into names, crontab style
(0 and 7 = Sunday).
"""

from __future__ import annotations

from datetime import UTC, datetime

from audit_engine.domain.errors import InvalidInput

NAMED = {
    "weekly": {"day_of_week": "mon", "hour": 7, "minute": 0},
    "monthly": {"day": 1, "hour": 7, "minute": 0},
    "quarterly": {"month": "1,4,7,10", "day": 1, "hour": 7, "minute": 0},
}
_DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def next_run(schedule: str, after: datetime) -> datetime:
    """The first run strictly after `after`; InvalidInput names what is wrong."""
    trigger = _trigger(schedule)
    fire = trigger.get_next_fire_time(None, after.astimezone(UTC))
    if fire is not None and fire <= after:
        from datetime import timedelta

        fire = trigger.get_next_fire_time(None, after.astimezone(UTC) + timedelta(seconds=1))
    if fire is None:
        raise InvalidInput(f"schedule {schedule!r} never fires")
    return fire.astimezone(UTC)


def check_schedule(schedule: str) -> str:
    _trigger(schedule)
    return schedule.strip()


def _trigger(schedule: str):
    from apscheduler.triggers.cron import CronTrigger

    text = schedule.strip().lower()
    if text in NAMED:
        return CronTrigger(timezone=UTC, **NAMED[text])
    fields = text.split()
    if len(fields) != 5:
        raise InvalidInput(
            f"schedule {schedule!r} is not weekly, monthly, quarterly or a "
            "5-field cron expression (minute hour day month weekday)"
        )
    minute, hour, day, month, weekday = fields
    try:
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=_weekday_names(weekday),
            timezone=UTC,
        )
    except ValueError as exc:
        raise InvalidInput(f"schedule {schedule!r}: {exc}") from None


def _weekday_names(field: str) -> str:
    """Crontab weekdays (0 or 7 = Sunday) as names, which APScheduler 3 reads correctly."""

    def name(token: str) -> str:
        if token.isdigit():
            number = int(token)
            if not 0 <= number <= 7:
                raise InvalidInput(f"weekday {token} is outside 0-7")
            return _DAY_NAMES[number]
        return token

    parts = []
    for part in field.split(","):
        body, slash, step = part.partition("/")
        low, dash, high = body.partition("-")
        body = name(low) + (dash + name(high) if dash else "")
        parts.append(body + (slash + step if slash else ""))
    return ",".join(parts)
