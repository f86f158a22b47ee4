"""/risk-assessments: CBP's Five Step Risk Assessment per facility and year (read only; the
`audit-engine risk` commands and the web page write). The services and permissions (`risk.view`)
are the CLI's."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends
from pydantic import ConfigDict

from audit_engine.api.routes.common import NOT_FOUND, Caller, caller, plain, services
from audit_engine.api.schemas.base import Out
from audit_engine.api.state import ApiServices

router = APIRouter(tags=["risk"])


class StepOut(Out):
    key: str
    title: str
    done: bool
    missing: str


class RiskItemOut(Out):
    id: str
    kind: str  # threat | vulnerability
    name: str
    rating: str  # high | medium | low
    criterion: str | None
    note: str
    actions: list[str]


class PlanActionOut(Out):
    id: str
    item: str | None
    owner: str
    due: date
    status: str
    overdue: bool
    plan: str


class RiskAssessmentOut(Out):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "RA-1", "facility": "US-NJ-01", "year": 2026, "status": "open",
        "assessed_on": None, "next_due": None, "cargo_flow": "Plant -> port -> DC",
        "process": "", "steps": [], "items": [], "actions": [],
        "ratings": [["high", 1], ["medium", 0], ["low", 0]], "evidence": None}]})  # fmt: skip
    id: str
    facility: str
    year: int
    status: str  # open | completed
    assessed_on: date | None
    next_due: date | None
    cargo_flow: str
    process: str
    steps: list[StepOut]
    items: list[RiskItemOut]
    actions: list[PlanActionOut]
    ratings: list[tuple[str, int]]
    evidence: str | None


class FacilityRiskOut(Out):
    facility: str
    latest: str | None
    last_assessed: date | None
    next_due: date | None
    overdue: bool


class AssessmentLineOut(Out):
    id: str
    year: int
    status: str
    assessed_on: date | None


class FacilityAssessmentsOut(Out):
    risk: FacilityRiskOut
    assessments: list[AssessmentLineOut]


@router.get("/risk-assessments", response_model=list[FacilityAssessmentsOut])
def list_(who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """Per facility you may see: the last completed assessment, next due, overdue (older than a
    year, or none), and every assessment it has had."""
    from audit_engine.services.risk.assessments import risk_overview

    return plain(risk_overview(app.uow(), app.clock, actor=who.actor))


@router.get("/risk-assessments/{assessment}", response_model=RiskAssessmentOut,
            responses=NOT_FOUND)  # fmt: skip
def show(assessment: str, who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """One assessment: its five steps (done, or what is missing), rated threats and
    vulnerabilities, and its action plan (corrective actions `CA-<n>`)."""
    from audit_engine.services.risk.assessments import show_assessment

    return plain(show_assessment(app.uow(), app.clock, actor=who.actor, assessment=assessment))
