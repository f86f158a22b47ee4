"""What "overdue" means: the one rule reminders, escalations, digests and every report use.

A corrective action is overdue when it is not verified and its due date has passed. An action
the owner marked implemented still counts until someone verifies it: it then waits on the
verifiers, not on the owner, so it is chased with them. Overdue is derived, never a state.
Pure Python; statuses are the plain strings of domain.lifecycle.ActionStatus.
"""

from __future__ import annotations

from datetime import date

VERIFIED = "verified"
IMPLEMENTED = "implemented"
# The states an overdue action can be in (what a query narrows to before `is_overdue`).
UNVERIFIED = ("open", "in_progress", IMPLEMENTED)
OWNER, VERIFIERS = "owner", "verifiers"

# Ageing of open actions: (label, first day overdue, last day overdue); None: no limit.
AGEING_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("not due", 0, 0),
    ("1-30", 1, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    (">90", 91, None),
)


def is_overdue(status: str, due: date | None, today: date) -> bool:
    """Not verified and past its due date (due today is not overdue yet)."""
    return due is not None and status != VERIFIED and due < today


def days_overdue(status: str, due: date | None, today: date) -> int:
    """Whole days past due; 0 when the action is not overdue."""
    return (today - due).days if due is not None and is_overdue(status, due, today) else 0


def waits_on(status: str) -> str:
    """Who an overdue action waits on: its owner, or (once implemented) the verifiers."""
    return VERIFIERS if status == IMPLEMENTED else OWNER


def ageing_bucket(status: str, due: date | None, today: date) -> str:
    """The label of the ageing bucket an unverified action falls in."""
    late = days_overdue(status, due, today)
    for label, first, last in AGEING_BUCKETS:
        if first <= late and (last is None or late <= last):
            return label
    return AGEING_BUCKETS[-1][0]
