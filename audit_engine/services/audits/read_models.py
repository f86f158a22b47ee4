"""What the audits services return: frozen read models, plain values safe to use after the
session closed. The CLI, the web pages and the API only format them. Field names are the keys
the JSON output has always had (`dataclasses.asdict` gives the same document)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class AuditView:
    id: str  # display id, A-n
    facility: str  # code
    period: str
    status: str
    lead: str | None
    checklist: str  # id@version
    due: date
    version: int


@dataclass(frozen=True)
class PlannedAudit(AuditView):
    number: int
    checklist_hash: str


@dataclass(frozen=True)
class AuditDetails(AuditView):
    number: int
    checklist_hash: str
    period_start: date
    period_end: date
    status_reason: str | None
    planned_at: datetime
    planned_by: str | None
    submitted_by: str | None
    submitted_at: datetime | None
    approved_by: str | None
    approved_at: datetime | None
    closed_at: datetime | None
    program_id: int | None


@dataclass(frozen=True)
class AuditShown(AuditDetails):
    """`audit show`: the details with scores and counts."""

    score: float | None
    scores_by_category: dict[str, float | None]
    failed_must: int
    answered: str  # "answered/total"
    evidence_files: int
    findings: dict[str, str]  # F-n -> "status severity"
    actions: dict[str, str]  # CA-n -> "status[ overdue]"


@dataclass(frozen=True)
class AnswerView:
    criterion: str
    category: str
    level: str
    result: str | None
    note: str
    answered_at: datetime | None


@dataclass(frozen=True)
class AnswerRecorded:
    audit: str
    criterion: str
    result: str
    note: str
    version: int  # the audit's version this write made


@dataclass(frozen=True)
class EvidenceView:
    id: str  # E-n
    sha256: str
    name: str
    media_type: str
    size: int
    valid_until: date | None
    criteria: tuple[str, ...]
    actions: tuple[str, ...] = ()  # CA-n: attached when a corrective action was implemented


@dataclass(frozen=True)
class FindingView:
    id: str  # F-n
    finding_label: str  # "F-3 · 6.2 Seal verification process"
    audit: str
    criterion: str
    level: str
    result: str
    severity: str
    status: str
    note: str | None
    reason: str | None
    severity_reason: str | None


@dataclass(frozen=True)
class FindingDecided(FindingView):
    version: int  # the audit's version this decision wrote


@dataclass(frozen=True)
class ActionView:
    """An audit's action names its finding and audit; a risk assessment's action-plan item
    names its assessment instead."""

    id: str  # CA-n
    finding: str | None
    finding_label: str | None
    label: str | None  # what it addresses: its finding and criterion, or its risk assessment item
    audit: str | None
    risk_assessment: str | None
    owner: str | None
    due: date
    status: str
    overdue: bool
    plan: str
    root_cause: str | None


@dataclass(frozen=True)
class ActionWritten(ActionView):
    version: int | None  # the audit's version this write made (None: a risk item)


@dataclass(frozen=True)
class ActionNoteView:
    event: str
    text: str
    at: datetime
    author: str | None
    evidence: str | None  # E-n of the file attached at this step


@dataclass(frozen=True)
class ActionDetail(ActionView):
    implemented_by: str | None
    verified_by: str | None
    notes: tuple[ActionNoteView, ...]  # oldest first


def fields_of(view) -> dict:
    """A read model's fields, shallow (nested read models stay as they are), to build a read
    model that extends it."""
    return {name: getattr(view, name) for name in view.__dataclass_fields__}
