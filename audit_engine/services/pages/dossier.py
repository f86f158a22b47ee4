"""Everything about one audit in one read: what `audit show` prints and reports render."""

from __future__ import annotations

from dataclasses import dataclass, field

from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.catalog import Catalog, catalog_from_snapshot
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.domain.rules.scoring import Scorecard
from audit_engine.services.actions.action_views import action_detail_view
from audit_engine.services.administration.people import FacilityView
from audit_engine.services.audits.read_models import (
    ActionDetail,
    AnswerView,
    AuditDetails,
    AuditShown,
    EvidenceView,
    FindingView,
    fields_of,
)
from audit_engine.services.fieldwork.answers import audit_scorecard, list_answers
from audit_engine.services.fieldwork.evidence import evidence_for_audit
from audit_engine.services.lookup import audit_by_ref, email_of
from audit_engine.services.planning.planning import audit_fields
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.review.findings import finding_view
from audit_engine.services.trail import EventView, event_view
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility
from audit_engine.storage.queries.actions import actions_of_audit
from audit_engine.storage.queries.audits import audit_events
from audit_engine.storage.queries.findings import findings_of


@dataclass(frozen=True)
class AuditDossier:
    """Read models and domain objects, safe to use after the session closed."""

    audit: AuditDetails
    facility: FacilityView
    catalog: Catalog  # as pinned when planned
    scorecard: Scorecard
    answers: list[AnswerView]
    evidence: list[EvidenceView]
    findings: list[FindingView]
    actions: list[ActionDetail] = field(default_factory=list)
    events: list[EventView] = field(default_factory=list)


def audit_dossier(uow: UnitOfWork, clock: Clock, audit: AuditId | int) -> AuditDossier:
    with uow.reading():
        session = uow.session
        row = audit_by_ref(session, audit)
        return _dossier(session, row, clock.now().date())


def _dossier(session, row: Audit, today) -> AuditDossier:
    facility = session.get(Facility, row.facility_id)
    return AuditDossier(
        audit=_audit_details(session, row),
        facility=FacilityView(facility.code, facility.name, facility.entity_type,
                              facility.country, email_of(session, facility.manager_id),
                              facility.time_zone),
        catalog=catalog_from_snapshot(row.criteria_snapshot),
        scorecard=audit_scorecard(session, row),
        answers=list_answers(session, row),
        evidence=evidence_for_audit(session, row.id),
        findings=[finding_view(session, f) for f in findings_of(session, row.id)],
        actions=[action_detail_view(session, a, today) for a in actions_of_audit(session, row.id)],
        events=[event_view(e) for e in audit_events(session, row.id)],
    )


def _audit_details(session, row: Audit) -> AuditDetails:
    return AuditDetails(
        **audit_fields(session, row),
        number=row.id,
        checklist_hash=row.checklist_hash,
        period_start=row.period_start,
        period_end=row.period_end,
        status_reason=row.status_reason,
        planned_at=row.planned_at,
        planned_by=email_of(session, row.planned_by_id),
        submitted_by=email_of(session, row.submitted_by_id),
        submitted_at=row.submitted_at,
        approved_by=email_of(session, row.approved_by_id),
        approved_at=row.approved_at,
        closed_at=row.closed_at,
        program_id=row.program_id,
    )


def show_audit(uow: UnitOfWork, clock: Clock, audit: AuditId | int) -> AuditShown:
    """The summary `audit show` prints: details, scores, counts."""
    dossier = audit_dossier(uow, clock, audit)
    card = dossier.scorecard
    return AuditShown(
        **fields_of(dossier.audit),
        score=card.overall.percent,
        scores_by_category={c: s.percent for c, s in card.by_category.items()},
        failed_must=card.failed_must,
        answered=f"{card.answered}/{card.total}",
        evidence_files=len(dossier.evidence),
        findings={f.id: f"{f.status} {f.severity}" for f in dossier.findings},
        actions={a.id: a.status + (" overdue" if a.overdue else "") for a in dossier.actions},
    )
