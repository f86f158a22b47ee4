"""The audit page's read models: plain values, safe to use after the session closed. Frozen,
except the two a page makes one of per criterion (CriterionLine, EvidenceItem): a frozen
dataclass's constructor costs seven times a plain one's, and a page read makes ~100 lines;
nothing changes them after they are made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(slots=True)
class EvidenceItem:
    ref: str
    name: str
    media_type: str
    size: int
    valid_until: date | None
    expired: bool
    carried: bool = False  # stored before this audit was planned: carried forward
    picture: bool = False  # an image or PDF: it has a thumbnail


@dataclass(slots=True)
class CriterionLine:
    id: str
    title: str
    requirement: str
    guidance: str
    questions: tuple[str, ...]
    evidence_hint: tuple[str, ...]
    level: str
    result: str | None
    note: str
    answered_at: datetime | None
    evidence: tuple[EvidenceItem, ...]
    tags: tuple[str, ...]  # unanswered | failed | must-without-evidence
    category: str = ""
    in_english: bool = False  # the reader's language has no text for it: shown in English


@dataclass(frozen=True)
class CategoryBlock:
    id: str
    name: str
    criteria: tuple[CriterionLine, ...]
    answered: int


@dataclass(frozen=True)
class TransitionOption:
    event: str
    label: str
    allowed: bool
    reason: str | None  # why not, when not allowed: the unmet condition, in the guard's words
    needs_reason: bool
    permission: str = ""  # the permission key the step needs (the web words it)
    duty: str | None = None  # the separation-of-duties rule in the way (PermissionDenied.duty)


@dataclass(frozen=True)
class AuditHeader:
    id: str  # display id, A-7
    facility: str  # code
    facility_name: str
    period: str
    status: str
    status_reason: str | None
    lead: str | None  # email
    due: date | None
    checklist: str  # id@version
    version: int
    team: tuple[str, ...] = ()  # e-mails of the auditors working with the lead
    time_zone: str | None = None  # the facility's IANA zone (None: the server's)


@dataclass(frozen=True)
class FindingLine:
    id: str
    criterion: str
    result: str
    severity: str
    status: str
    note: str
    reason: str | None
    severity_reason: str | None


@dataclass(frozen=True)
class ActionLine:
    id: str
    finding: str | None
    plan: str
    owner: str | None
    due: date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class FinalReport:
    sha256: str
    path: str


@dataclass(frozen=True)
class AuditPage:
    audit: AuditHeader
    answered: int
    total: int
    categories: tuple[CategoryBlock, ...]
    findings: tuple[FindingLine, ...]
    actions: tuple[ActionLine, ...]
    transitions: tuple[TransitionOption, ...]
    roles: frozenset[str]  # the actor's roles at this facility
    is_lead: bool
    final: FinalReport | None  # the stored final report of a closed audit
    seen: int  # the trail position the page was read at, which its forms carry (edits_since)
