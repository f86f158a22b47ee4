"""Request and response bodies. Requests refuse unknown fields (named in the 422)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_NOTE = 20_000
Result = Literal["compliant", "partial", "non_compliant", "not_applicable"]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=MAX_NOTE)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# ---- facilities and users --------------------------------------------------------------------


class FacilityIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"code": "MX-TIJ", "name": "Tijuana plant",
                                          "entity_type": "manufacturer", "country": "MX"}]}
    )
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    entity_type: str = Field(max_length=40)
    country: str | None = Field(None, max_length=2)
    manager: str | None = Field(None, max_length=254)


class FacilityOut(Out):
    code: str
    name: str
    entity_type: str
    country: str | None
    manager: str | None


class UserIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"email": "ana@example.com", "name": "Ana Ruiz",
                                          "roles": ["auditor"], "facilities": ["MX-TIJ"]}]}
    )
    email: str = Field(max_length=254)
    name: str = Field(max_length=200)
    roles: list[str] = Field(min_length=1, max_length=10)
    facilities: list[str] = Field(default_factory=list, max_length=200)


class UserOut(Out):
    email: str
    name: str
    roles: list[str]


# ---- checklists ------------------------------------------------------------------------------


class ChecklistOut(Out):
    model_config = ConfigDict(extra="allow")
    id: str
    version: str


# ---- audits ----------------------------------------------------------------------------------


class AuditPlanIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"facility": "MX-TIJ", "checklist": "ctpat-msc",
                                          "period": "2027-Q1", "lead": "ana@example.com"}]}
    )
    facility: str = Field(max_length=40)
    checklist: str = Field(max_length=100, description="Catalog id, optionally `id@version`.")
    period: str = Field(max_length=7, description="A quarter: `YYYY-Qn`.")
    lead: str = Field(max_length=254, description="Lead auditor's email.")
    due: date | None = Field(None, description="Default: the end of the quarter.")


class AuditSummaryOut(Out):
    id: str
    number: int
    facility: str
    period: str
    status: str
    lead: str | None
    checklist: str
    due: date
    version: int


class AuditPageOut(Out):
    items: list[AuditSummaryOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class AuditOut(Out):
    model_config = ConfigDict(from_attributes=True, extra="allow")
    id: str
    number: int
    facility: str
    period: str
    status: str
    lead: str | None
    checklist: str
    due: date
    version: int
    score: float | None = None
    answered: str | None = None


class TransitionIn(In):
    model_config = ConfigDict(json_schema_extra={"examples": [{"event": "submit"}]})
    event: Literal["start", "submit", "approve", "close", "return", "cancel"]
    reason: str | None = Field(None, description="Needed by return and cancel.")


class TransitionOut(Out):
    audit: str
    event: str
    before: str
    after: str
    version: int
    final_report: str | None = Field(None, description="sha256 of the final report (close).")


# ---- answers ---------------------------------------------------------------------------------


class AnswerIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"result": "compliant", "note": "Seal log complete."}]}
    )
    result: Result
    note: str | None = Field(None, max_length=MAX_NOTE)


class AnswerItem(AnswerIn):
    criterion: str = Field(max_length=100)


class AnswersIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"answers": [
            {"criterion": "1.1", "result": "compliant"},
            {"criterion": "1.2", "result": "partial", "note": "Two seals unlogged."},
        ]}]}
    )
    answers: list[AnswerItem] = Field(min_length=1, max_length=2000)


class AnswerOut(Out):
    criterion: str
    category: str | None = None
    level: str | None = None
    result: str | None
    note: str | None
    answered_at: datetime | None = None


class AnswersOut(Out):
    audit: str
    version: int
    recorded: int


# ---- evidence --------------------------------------------------------------------------------


class EvidenceOut(Out):
    id: str
    sha256: str
    name: str
    media_type: str
    size: int
    valid_until: date | None
    criteria: list[str]


# ---- findings and actions --------------------------------------------------------------------


class FindingOut(Out):
    id: str
    audit: str
    criterion: str
    level: str
    result: str
    severity: str
    status: str
    note: str | None
    reason: str | None
    severity_reason: str | None


class FindingTransitionIn(In):
    model_config = ConfigDict(json_schema_extra={"examples": [{"event": "confirm"}]})
    event: Literal["confirm", "dismiss"]
    severity: Literal["major", "minor", "observation"] | None = None
    reason: str | None = None


class ActionIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"owner": "owner@example.com",
                                          "plan": "Log every seal at the gate."}]}
    )
    owner: str = Field(max_length=254)
    plan: str = Field(min_length=1)
    due: date | None = None
    root_cause: str = ""


class ActionOut(Out):
    id: str
    finding: str | None = Field(description="None for a risk assessment's action-plan item.")
    audit: str | None = Field(description="None for a risk assessment's action-plan item.")
    risk_assessment: str | None = Field(
        None, description="`RA-<n>` of a risk assessment's action-plan item, else None.")
    owner: str | None
    due: date | None
    status: str
    overdue: bool
    plan: str
    root_cause: str | None


class ActionTransitionIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"event": "implement", "note": "Done, see log."}]}
    )
    event: Literal["start", "implement", "verify", "reject"]
    note: str | None = None


class ActionStepForm(In):
    """The same step as multipart/form-data, with an evidence file (as `action implement
    --evidence FILE`): its name and size are checked before anything is stored."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"event": "implement", "note": "Gate log kept.",
                                         "file": "gate-log.pdf"}]}
    )
    event: Literal["start", "implement", "verify", "reject"]
    note: str | None = None
    file: bytes | None = Field(
        None, description="The evidence file; its name is kept, its media type follows it."
    )


class ActionNoteOut(Out):
    event: str
    text: str
    at: datetime
    author: str | None
    evidence: str | None = Field(description="The file attached at this step: GET /evidence/{id}.")


class ActionDetailOut(ActionOut):
    implemented_by: str | None
    verified_by: str | None
    notes: list[ActionNoteOut] = Field(description="Progress notes and evidence, oldest first.")


# ---- trail, programs, subscriptions, outbox ---------------------------------------------------


class EventOut(Out):
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str
    audit: str | None
    payload: Any
    hash: str


class VerifyOut(Out):
    ok: bool
    events: int
    problem: str | None = Field(description="The first bad event, when not ok.")


class ProgramIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"facility": "MX-TIJ", "checklist": "ctpat-msc",
                                          "lead": "ana@example.com"}]}
    )
    facility: str = Field(max_length=40)
    checklist: str = Field(max_length=100)
    every: Literal["quarter"] = "quarter"
    start_month: int = Field(1, ge=1, le=3)
    fieldwork_days: int = Field(3, ge=1, le=30)
    lead: str | None = Field(None, max_length=254)
    first_from: date | None = None


class ProgramPatch(In):
    model_config = ConfigDict(json_schema_extra={"examples": [{"paused": True}]})
    paused: bool


class SubscriptionIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"report": "portfolio", "schedule": "monthly",
                                          "to": ["boss@example.com"]}]}
    )
    report: Literal["portfolio", "actions", "facility"]
    schedule: str = Field(max_length=100)
    to: list[str] = Field(min_length=1, max_length=50)
    facility: str | None = Field(None, max_length=40)
    owner: str | None = Field(None, max_length=254)


class Record(Out):
    """A record whose fields are listed in the example."""

    model_config = ConfigDict(from_attributes=True, extra="allow")


# ---- webhooks and tokens ---------------------------------------------------------------------


class WebhookIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"url": "https://erp.example.com/hooks/audits",
                                          "events": ["action.overdue", "audit.closed"]}]}
    )
    url: str = Field(max_length=2000)
    events: list[str] = Field(min_length=1, max_length=20)
    description: str = Field("", max_length=200)


class WebhookOut(Out):
    id: int
    url: str
    events: list[str]
    description: str
    active: bool
    created_by: str
    created_at: datetime
    rotating_until: datetime | None


class WebhookSecretOut(WebhookOut):
    secret: str = Field(description="`whsec_...`: shown once; verify signatures with it.")


class RotateIn(In):
    model_config = ConfigDict(json_schema_extra={"examples": [{"overlap_hours": 24}]})
    overlap_hours: int = Field(24, ge=0, le=24 * 7, description="Old secret keeps signing.")


class TokenOut(Out):
    id: int
    name: str
    owner: str
    prefix: str
    read_only: bool
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    state: str
