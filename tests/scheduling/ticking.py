"""A scheduler tick of an App as of a moment, as `audit-engine scheduler tick --at` runs it:
the tick's parts wired by the composition root, then the tick."""

from __future__ import annotations

from datetime import datetime

from audit_engine.bootstrap.tick_wiring import tick_parts
from audit_engine.services.calendar.tick import TickSummary
from audit_engine.services.calendar.tick import tick as tick_of


def tick(app, at: datetime | None = None, *, send: bool = True) -> TickSummary:
    return tick_of(tick_parts(app, at), send=send)
