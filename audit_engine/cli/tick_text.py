"""The scheduler's tick in words: the one line `scheduler tick` prints and `scheduler run`
logs (the tick itself returns data)."""

from __future__ import annotations

from audit_engine.services.calendar.tick import QueuedMessages, TickSummary


def describe(summary: TickSummary, *, timed: bool = True) -> str:
    """One plain line, e.g. `2027-01-01 07:00 UTC: opened 1 audit, queued 3 messages
    (0 subscriptions skipped), sent 3, retry later 0, failed 0, 0.11 s`."""
    parts = []
    if summary.programs is not None:
        opened, failed = summary.programs.opened, summary.programs.program_errors
        parts.append(f"opened {_count(opened, 'audit')}"
                     + (f" ({_count(failed, 'program')} failed)" if failed else ""))
    if summary.reminders is not None:
        parts.append(f"queued {_count(summary.reminders.queued, 'message')} "
                     f"({_skipped(summary.reminders)})")
    parts.append(_dispatched(summary))
    line = f"{summary.at:%Y-%m-%d %H:%M} UTC: {', '.join(p for p in parts if p)}"
    if timed:  # the demo leaves it out to print the same story every time
        line += f", {summary.seconds:.2f} s"
    if summary.errors:
        line += f"; errors: {'; '.join(summary.errors)}"
    return line


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _skipped(queued: QueuedMessages) -> str:
    text = f"{_count(queued.subscriptions_skipped, 'subscription')} skipped"
    if queued.skipped_because:
        text += ": " + ", ".join(
            f"{reason}" + (f" x{n}" if n > 1 else "")
            for reason, n in sorted(queued.skipped_because.items())
        )
    return text


def _dispatched(summary: TickSummary) -> str:
    sent = summary.dispatch
    if sent is None:
        return "" if summary.failed("dispatch") else "nothing sent (--no-send)"
    text = f"sent {sent.sent}, retry later {sent.retried}, failed {sent.failed}"
    return text + (f", recovered {sent.reaped} stuck" if sent.reaped else "")
