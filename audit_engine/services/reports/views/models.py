"""Read models for reports: plain, frozen values the report context is built from.

The reports service maps database rows to these; tests build them by hand. Nothing here knows
about SQL, Jinja or PDFs, so a report can be rendered (and tested) without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from audit_engine.domain.formats.labels import finding_label, risk_action_label
from audit_engine.domain.rules.risk import assessment_overdue

RESULTS = ("compliant", "partial", "non_compliant", "not_applicable")
SEVERITIES = ("major", "minor", "observation")


@dataclass(frozen=True)
class ReportFacility:
    code: str
    name: str
    entity_type: str  # key from domain.catalog.ENTITY_TYPES
    country: str = ""
    manager: str = ""  # email
    manager_name: str = ""
    time_zone: str | None = None  # IANA name the report's times are shown in (None: server's)
    language: str = "en"  # its final report's; not in the audit's JSON (language-neutral)


@dataclass(frozen=True)
class PersonView:
    """Someone named in a report: shown by name and role, with the e-mail in small print."""

    email: str
    name: str = ""
    roles: str = ""  # e.g. "auditor, compliance officer" (at the report's facility)


@dataclass(frozen=True)
class CategoryView:
    id: str
    name: str


@dataclass(frozen=True)
class ReportAnswer:
    """One criterion of the pinned checklist and what the auditor answered."""

    criterion_id: str
    category_id: str
    title: str
    level: str  # "must" | "should"
    result: str | None  # one of RESULTS, None while unanswered
    note: str = ""
    evidence_ids: tuple[str, ...] = ()
    in_english: bool = False  # the report's language has no text for it


@dataclass(frozen=True)
class ActionStepView:
    """A step taken on a corrective action, as its trail of proof: what was done (implement,
    verify, reject ...), by whom and when, the note (a rejection's reason) and the evidence
    files attached at that step (E-n)."""

    event: str
    at: datetime
    author: str  # email
    text: str = ""
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportAction:
    id: str
    finding_id: str
    owner: str
    due: date | None
    status: str  # open | in_progress | implemented | verified
    plan: str = ""
    root_cause: str = ""
    verified_at: datetime | None = None
    audit_id: str = ""
    facility_code: str = ""
    facility_name: str = ""
    owner_name: str = ""
    criterion_id: str = ""
    criterion_title: str = ""
    # A risk assessment's action-plan item has no finding and no audit (both ""): it names
    # its assessment, the assessment's year and the rated item it addresses, if any.
    risk_assessment_id: str = ""
    risk_year: int | None = None
    risk_item: str = ""  # `threat "Cargo theft" (high)`
    implemented_by: str = ""  # email
    implemented_at: datetime | None = None
    verified_by: str = ""  # email
    steps: tuple[ActionStepView, ...] = ()  # oldest first (the audit report's actions only)
    in_english: bool = False  # the report's language has no text for its criterion
    checklist_hash: str = ""  # the audit's pinned checklist (a digest's mail names it by)

    @property
    def implementation(self) -> ActionStepView | None:
        """The last implement step: its note and the evidence given with it."""
        done = [s for s in self.steps if s.event == "implement"]
        return done[-1] if done else None

    @property
    def rejections(self) -> tuple[ActionStepView, ...]:
        return tuple(s for s in self.steps if s.event == "reject")

    @property
    def finding_label(self) -> str:
        """`F-3 · 6.2 Seal verification process`."""
        return finding_label(self.finding_id, self.criterion_id, self.criterion_title)

    @property
    def label(self) -> str:
        """What the action addresses: its finding and criterion, or its risk assessment."""
        if self.risk_assessment_id:
            return risk_action_label(self.risk_assessment_id, self.risk_year, self.risk_item)
        return self.finding_label

    @property
    def source_id(self) -> str:
        """Where it comes from: `A-12` (an audit) or `RA-2` (a risk assessment)."""
        return self.audit_id or self.risk_assessment_id


@dataclass(frozen=True)
class ReportFinding:
    id: str
    criterion_id: str
    severity: str  # one of SEVERITIES
    status: str  # draft | confirmed | dismissed
    description: str = ""
    actions: tuple[ReportAction, ...] = ()
    criterion_title: str = ""
    in_english: bool = False  # the report's language has no text for its criterion

    @property
    def label(self) -> str:
        """`F-3 · 6.2 Seal verification process`."""
        return finding_label(self.id, self.criterion_id, self.criterion_title)


@dataclass(frozen=True)
class ReportEvidence:
    id: str
    name: str  # the original file name, as the user gave it
    sha256: str
    media_type: str = ""
    size: int = 0
    added_by: str = ""
    added_at: datetime | None = None
    valid_until: date | None = None
    criteria: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()  # CA-n: attached at a corrective action's step


@dataclass(frozen=True)
class ReportEvent:
    seq: int
    at: datetime
    actor: str
    action: str
    summary: str = ""
    hash: str = ""


@dataclass(frozen=True)
class ScorePoint:
    """The overall score of one earlier (or this) audit of the same facility."""

    period: str  # "2027-Q1"
    score: float | None  # 0..1, None when nothing was scored


@dataclass(frozen=True)
class ProfileLine:
    """The entity profile the audit's pinned checklist holds for the facility's entity type."""

    status: str  # "complete" | "partial": what the checklist declares
    criteria: int
    by_confidence: tuple[tuple[str, int], ...]  # ("cbp", 10), ("secondary", 13), ...
    partial: bool  # planned against a partial profile (--allow-partial-profile)


@dataclass(frozen=True)
class RiskLine:
    """A facility's latest completed Five Step Risk Assessment (evidence for MSC 2.1)."""

    facility: str
    assessment: str | None  # RA-<n>; None: no completed assessment
    assessed_on: date | None = None
    next_due: date | None = None
    ratings: tuple[tuple[str, int], ...] = ()  # (("high", 1), ("medium", 0), ("low", 2))

    def overdue_on(self, day: date) -> bool:
        return assessment_overdue(self.assessed_on, day)


@dataclass(frozen=True)
class ReportAudit:
    id: str
    facility: ReportFacility
    period: str
    status: str  # planned | fieldwork | review | remediation | closed | cancelled
    checklist_id: str
    checklist_version: str
    checklist_hash: str
    categories: tuple[CategoryView, ...]
    answers: tuple[ReportAnswer, ...]
    findings: tuple[ReportFinding, ...] = ()
    evidence: tuple[ReportEvidence, ...] = ()
    events: tuple[ReportEvent, ...] = ()
    history: tuple[ScorePoint, ...] = ()  # earlier audits of the facility, oldest first
    lead_auditor: str = ""
    approver: str = ""
    planned_at: datetime | None = None
    due: date | None = None
    submitted_at: datetime | None = None
    approved_at: datetime | None = None
    closed_at: datetime | None = None
    profile: ProfileLine | None = None
    risk: RiskLine | None = None
    persons: tuple[PersonView, ...] = ()  # everyone the report names, for names and roles
    managers: tuple[str, ...] = ()  # the facility's managers (is_manager_of), e-mails
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_closed(self) -> bool:
        return self.status == "closed"


@dataclass(frozen=True)
class AuditRef:
    """An audit named in the portfolio: id, period, status and due date."""

    id: str
    period: str
    status: str
    due: date | None = None


@dataclass(frozen=True)
class AuditSummaryView:
    """One facility on the portfolio grid: the latest audit with results (submitted or later;
    a planned or unsubmitted audit never replaces it) and the live risk facts
    (domain/rules/facility_risk.py)."""

    facility: ReportFacility
    audit_id: str | None  # the audit the row scores; None: no audit with results yet
    period: str | None
    status: str | None
    category_scores: dict = field(default_factory=dict, hash=False)  # category id -> 0..1|None
    overall: float | None = None
    failed_musts: int = 0  # must criteria the scored audit failed (open or remediated)
    trend: tuple[ScorePoint, ...] = ()  # the last audits with results, oldest first
    cadence_months: int | None = None  # of the facility's audit programme; None: no programme
    last_audited: date | None = None  # end of the last period whose fieldwork was done
    last_period: str | None = None
    open_musts: tuple[str, ...] = ()  # failed musts whose finding is not verified closed
    remediated_musts: tuple[str, ...] = ()  # failed, then verified closed: history
    open_must_categories: tuple[str, ...] = ()  # categories holding an open must failure
    remediated_must_categories: tuple[str, ...] = ()
    overdue_audits: tuple[AuditRef, ...] = ()  # past due and not submitted
    assessment_overdue: bool = False  # risk assessment older than a year, or none


@dataclass(frozen=True)
class DueAuditView:
    facility: ReportFacility
    audit_id: str | None  # None when the next audit is not planned yet
    period: str
    due: date | None


@dataclass(frozen=True)
class PortfolioView:
    categories: tuple[CategoryView, ...]
    latest: tuple[AuditSummaryView, ...]
    actions: tuple[ReportAction, ...]  # every not-yet-verified action
    due_next_quarter: tuple[DueAuditView, ...] = ()
    next_quarter: str = ""
    scope: tuple[str, ...] = ()  # facility codes the report is limited to; () = every facility
    risk: tuple[RiskLine, ...] = ()  # per facility: latest completed risk assessment


@dataclass(frozen=True)
class ReportAttachment:
    """A file embedded inside the PDF (e.g. the audit's machine-readable JSON)."""

    name: str
    data: bytes
    description: str = ""
    relationship: str = "Data"  # ISO 32000-2 7.11.3: Source | Data | Alternative | Supplement
    created: datetime | None = None
