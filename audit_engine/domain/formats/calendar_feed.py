"""A calendar feed's events as plain values (the iCalendar text is written in notifications)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FeedEvent:
    """An all-day event from `first` to `last` (both included)."""

    uid: str  # stable per audit and kind: a client updates the event instead of adding one
    summary: str
    first: date
    last: date
    description: str = ""
    location: str = ""
    url: str = ""
