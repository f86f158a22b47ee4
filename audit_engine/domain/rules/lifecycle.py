"""Statuses and verdicts of the audit lifecycle, kept apart.

Status says where the work is (planned, fieldwork, ...); Result and Severity say what was
concluded. They are separate enums and separate columns, never mixed.
Values are plain strings so they store as VARCHAR and print as themselves.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import ClassVar, Self

from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.domain.formats.inputs import (  # parse_date/parse_period: shared names
    MAX_ID,
    is_ascii_number,
    parse_whole,
)
from audit_engine.domain.formats.inputs import parse_date as parse_date
from audit_engine.domain.formats.inputs import parse_period as parse_period
from audit_engine.domain.rules.overdue import is_overdue as is_overdue  # the one rule


class AuditStatus(StrEnum):
    PLANNED = "planned"
    FIELDWORK = "fieldwork"
    REVIEW = "review"
    REMEDIATION = "remediation"
    CLOSED = "closed"
    CANCELLED = "cancelled"


# An open audit: neither closed nor cancelled (digests, the dashboard). One meaning only.
OPEN_AUDIT = (AuditStatus.PLANNED.value, AuditStatus.FIELDWORK.value,
              AuditStatus.REVIEW.value, AuditStatus.REMEDIATION.value)
# Not submitted yet: its answers can still change (audit-due reminders, risk records linked to
# it, an audit overdue for the risk definition).
NOT_SUBMITTED = (AuditStatus.PLANNED.value, AuditStatus.FIELDWORK.value)


class FindingStatus(StrEnum):
    DRAFT = "draft"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    VERIFIED = "verified"


class Result(StrEnum):
    COMPLIANT = "compliant"
    PARTIAL = "partial"
    NON_COMPLIANT = "non_compliant"
    NOT_APPLICABLE = "not_applicable"


class Severity(StrEnum):
    MAJOR = "major"
    MINOR = "minor"
    OBSERVATION = "observation"


class Role(StrEnum):
    ADMIN = "admin"
    COMPLIANCE_OFFICER = "compliance_officer"
    AUDITOR = "auditor"
    MANAGER = "manager"
    ACTION_OWNER = "action_owner"


def parse_choice(enum_type: type[StrEnum], value: str, what: str) -> StrEnum:
    """`value` as a member of `enum_type`, or InvalidInput listing the allowed values."""
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum_type)
        raise InvalidInput.said("%(what)s %(value)r is not one of: %(allowed)s", what=what,
                                value=value, allowed=allowed) from None




# ---- severity and due dates ---------------------------------------------------------------------


def severity_for(level: str, result: str) -> Severity | None:
    """Severity a finding gets from the criterion level and the answer; None: no finding."""
    if result == Result.NON_COMPLIANT:
        return Severity.MAJOR if level == "must" else Severity.MINOR
    if result == Result.PARTIAL:
        return Severity.MINOR if level == "must" else Severity.OBSERVATION
    return None


MAX_DUE_DAYS = 3660  # ten years: a due date must stay a date

DEFAULT_DUE_DAYS: dict[str, int] = {
    Severity.MAJOR: 30,
    Severity.MINOR: 60,
    Severity.OBSERVATION: 90,
}


def parse_due_days(text: str) -> dict[str, int]:
    """`major=30,minor=60,observation=90` (any subset) over the defaults."""
    days = dict(DEFAULT_DUE_DAYS)
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, _, number = part.partition("=")
        key = key.strip()
        if key not in days or not is_ascii_number(number.strip()):
            raise InvalidInput(f"action due days {part!r}: expected severity=days, e.g. major=30")
        days[key] = parse_whole(number, f"action due days {key}", 0, MAX_DUE_DAYS)
    return days


def default_due(severity: str, today: date, due_days: dict[str, int] | None = None) -> date:
    return today + timedelta(days=(due_days or DEFAULT_DUE_DAYS)[severity])


# ---- readable ids -----------------------------------------------------------------------------

PREFIXES = {
    "audit": "A",
    "finding": "F",
    "action": "CA",
    "evidence": "E",
    "risk": "RA",
    "risk_item": "RI",
}


def display_id(kind: str, number: int) -> str:
    return f"{PREFIXES[kind]}-{number}"


def parse_id(kind: str, text: str) -> int:
    """`A-12`, `a-12` or `12` -> 12 for kind "audit"; anything else names nothing (NotFound)."""
    prefix = PREFIXES[kind]
    raw = text.strip()
    if raw.upper().startswith(prefix + "-"):
        raw = raw[len(prefix) + 1 :]
    if not is_ascii_number(raw):
        raise NotFound.said("%(kind)s %(text)r not found (ids look like %(prefix)s-<number>)",
                            kind=kind, text=text, prefix=prefix)
    if len(raw) > 10 or not 0 < int(raw) <= MAX_ID:
        raise NotFound.said("%(kind)s %(text)r not found", kind=kind, text=text)
    return int(raw)


class ReadableId(str):
    """A readable id (`A-12`, `F-3`, `CA-7`, `E-5`), parsed once where it comes in (a URL, a
    form, a command's argument): `FindingId("f-3")` is `F-3`, anything else NotFound naming
    the kind. Services take the typed id, so the id people type is checked at the edge and
    lookups read its number without parsing again. It is a `str`, so it prints, joins and
    serializes as the id people know."""

    __slots__ = ()
    kind: ClassVar[str]

    def __new__(cls, text: str) -> Self:
        return str.__new__(cls, display_id(cls.kind, parse_id(cls.kind, text)))

    @classmethod
    def of(cls, number: int) -> Self:
        """The id of a stored row (its number)."""
        return str.__new__(cls, display_id(cls.kind, number))

    @property
    def number(self) -> int:
        return int(self[len(PREFIXES[self.kind]) + 1:])


class AuditId(ReadableId):
    __slots__ = ()
    kind = "audit"


class FindingId(ReadableId):
    __slots__ = ()
    kind = "finding"


class ActionId(ReadableId):
    __slots__ = ()
    kind = "action"


class EvidenceId(ReadableId):
    __slots__ = ()
    kind = "evidence"
