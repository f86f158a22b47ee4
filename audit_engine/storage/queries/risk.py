"""Risk assessments: a facility's for a year, its latest completed one, their items and
action-plan items, and the audits and links that carry the record as evidence for 2.1."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import Answer, Audit, CorrectiveAction, EvidenceLink
from audit_engine.storage.models.risk import RiskAssessment, RiskItem

COMPLETED = "completed"


def assessment_for_year(session: Session, facility_id: int, year: int) -> RiskAssessment | None:
    return session.exec(
        select(RiskAssessment).where(
            RiskAssessment.facility_id == facility_id, RiskAssessment.year == year
        )
    ).first()


def latest_completed(session: Session, facility_id: int,
                     until: date | None = None) -> RiskAssessment | None:
    """The facility's most recent completed assessment (assessed on or before `until`)."""
    query = select(RiskAssessment).where(
        RiskAssessment.facility_id == facility_id, RiskAssessment.status == COMPLETED
    )
    if until is not None:
        query = query.where(RiskAssessment.assessed_on <= until)
    return session.exec(
        query.order_by(RiskAssessment.assessed_on.desc(), RiskAssessment.id.desc())
    ).first()


def items_of(session: Session, assessment_id: int) -> list[RiskItem]:
    return list(session.exec(
        select(RiskItem).where(RiskItem.assessment_id == assessment_id).order_by(RiskItem.id)
    ).all())


def plan_actions(session: Session, assessment_id: int) -> list[CorrectiveAction]:
    """The assessment's action-plan items (corrective actions), in id order."""
    return list(session.exec(
        select(CorrectiveAction)
        .where(CorrectiveAction.risk_assessment_id == assessment_id)
        .order_by(CorrectiveAction.id)
    ).all())


def audits_with_criterion(session: Session, facility_id: int, statuses,
                          criterion_id: str) -> list[int]:
    """Ids of the facility's audits in `statuses` whose checklist has `criterion_id`."""
    return list(session.exec(
        select(Audit.id)
        .join(Answer, Answer.audit_id == Audit.id)
        .where(
            Audit.facility_id == facility_id,
            Audit.status.in_(statuses),
            Answer.criterion_id == criterion_id,
        )
    ).all())


def completed_records(session: Session, facility_ids: list[int]) -> list[tuple[int, int]]:
    """(facility id, evidence id) of the facilities' completed assessments kept as evidence,
    oldest first (the last one per facility is its latest)."""
    return list(session.exec(
        select(RiskAssessment.facility_id, RiskAssessment.evidence_id)
        .where(
            RiskAssessment.facility_id.in_(facility_ids),
            RiskAssessment.status == COMPLETED,
            RiskAssessment.evidence_id.is_not(None),
        )
        .order_by(RiskAssessment.assessed_on, RiskAssessment.id)
    ).all())


def has_link(session: Session, evidence_id: int, audit_id: int, criterion_id: str) -> bool:
    return session.exec(
        select(EvidenceLink.id).where(
            EvidenceLink.evidence_id == evidence_id,
            EvidenceLink.audit_id == audit_id,
            EvidenceLink.criterion_id == criterion_id,
        )
    ).first() is not None


def assessments_at(session: Session, facility_ids) -> list[tuple[int, int, int, str, date | None]]:
    """(id, facility id, year, status, assessed on) of the facilities' assessments, newest
    year first (the risk page's and the API's list)."""
    wanted = sorted(facility_ids)
    if not wanted:
        return []
    rows = session.exec(
        select(RiskAssessment.id, RiskAssessment.facility_id, RiskAssessment.year,
               RiskAssessment.status, RiskAssessment.assessed_on)
        .where(RiskAssessment.facility_id.in_(wanted))
        .order_by(RiskAssessment.year.desc(), RiskAssessment.id.desc())
    ).all()  # fmt: skip
    return [tuple(row) for row in rows]
