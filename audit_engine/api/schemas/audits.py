"""Bodies of audits: planning, summaries, the audit page and workflow steps."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import ConfigDict, Field

from audit_engine.api.schemas.base import Day, In, Out
from audit_engine.workflow.tables import AUDIT

AuditEvent = Literal[tuple(AUDIT.events)]  # type: ignore[valid-type]  # the workflow table's
WITH_REASON = " and ".join(e for e in AUDIT.events if AUDIT.needs_reason(e))


class AuditPlanIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"facility": "MX-TIJ", "checklist": "ctpat-msc",
                                          "period": "2027-Q1", "lead": "ana@example.com"}]}
    )
    facility: str = Field(max_length=40)
    checklist: str = Field(max_length=100, description="Catalog id, optionally `id@version`.")
    period: str = Field(max_length=7, description="A quarter: `YYYY-Qn`.")
    lead: str = Field(max_length=254, description="Lead auditor's email.")
    due: Day | None = Field(None, description="Default: the end of the quarter.")
    team: list[Annotated[str, Field(max_length=254)]] = Field(
        default_factory=list, max_length=20,
        description="Emails of auditors at the facility working with the lead.")
    reaudit: bool = Field(False, description="A one-off re-audit of a quarter whose audit is"
                                            " closed.")


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
    event: AuditEvent
    reason: str | None = Field(None, description=f"Needed by {WITH_REASON}.")


class AuditStepOut(Out):
    event: str
    label: str
    allowed: bool
    reason: str | None = Field(None, description="Why not, when not allowed now.")
    needs_reason: bool


class TransitionOut(Out):
    audit: str
    event: str
    before: str
    after: str
    version: int
    final_report: str | None = Field(None, description="sha256 of the final report (close).")
