"""Corrective actions with their facility, for the managers' reports and the action pages.

An audit's action belongs to its audit's facility and names its finding's criterion; a risk
assessment's action-plan item (no finding, no audit) belongs to the assessed facility and names
its assessment and, when it addresses one, the rated threat or vulnerability.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from audit_engine.storage.models.lifecycle import Audit, CorrectiveAction, Finding
from audit_engine.storage.models.people import Facility, User
from audit_engine.storage.models.risk import RiskAssessment, RiskItem

VERIFIED = "verified"


@dataclass(frozen=True)
class ActionRow:
    id: int
    status: str
    due: date | None
    plan: str
    root_cause: str
    verified_at: datetime | None
    owner_email: str
    owner_name: str
    facility_id: int
    facility_code: str
    facility_name: str
    finding_id: int | None  # an audit's action: its finding, audit, criterion and checklist
    audit_id: int | None
    criterion_id: str | None
    severity: str | None
    checklist_hash: str | None
    risk_assessment_id: int | None  # a risk action-plan item: its assessment and year
    risk_year: int | None
    item_kind: str | None  # the threat or vulnerability it addresses, if any
    item_name: str | None
    item_rating: str | None


_A = CorrectiveAction


def with_facility(query):
    """`query` over corrective actions, joined to their facility: an audit's action is at its
    audit's facility, a risk assessment's action-plan item at the assessed facility."""
    return (query.select_from(_A)
            .outerjoin(Audit, Audit.id == _A.audit_id)
            .outerjoin(RiskAssessment, RiskAssessment.id == _A.risk_assessment_id)
            .join(Facility, Facility.id == func.coalesce(Audit.facility_id,
                                                         RiskAssessment.facility_id)))


_COLUMNS = (
    _A.id, _A.status, _A.due, _A.plan, _A.root_cause, _A.verified_at, User.email, User.name,
    Facility.id, Facility.code, Facility.name, _A.finding_id, _A.audit_id, Finding.criterion_id,
    Finding.severity, Audit.checklist_hash, _A.risk_assessment_id, RiskAssessment.year,
    RiskItem.kind, RiskItem.name, RiskItem.rating,
)  # fmt: skip


def action_rows(session: Session, *, facility_ids=None, audit_id: int | None = None,
                unverified: bool = True) -> list[ActionRow]:
    """Corrective actions, oldest first: by default the unverified ones of every facility;
    `facility_ids` limits them to some facilities, `audit_id` to one audit's."""
    query = (
        with_facility(select(*_COLUMNS))
        .join(User, User.id == _A.owner_id)
        .outerjoin(Finding, Finding.id == _A.finding_id)
        .outerjoin(RiskItem, RiskItem.id == _A.risk_item_id)
        .order_by(_A.id)
    )  # fmt: skip
    if unverified:
        query = query.where(_A.status != VERIFIED)
    if facility_ids is not None:
        query = query.where(Facility.id.in_(sorted(facility_ids) or [-1]))
    if audit_id is not None:
        query = query.where(_A.audit_id == audit_id)
    return [ActionRow(*row) for row in session.execute(query).all()]

