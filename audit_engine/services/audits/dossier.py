"""Everything about one audit in one read: what `audit show` prints and reports render."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from audit_engine.domain.catalog import Catalog, catalog_from_snapshot
from audit_engine.domain.lifecycle import display_id
from audit_engine.domain.scoring import Scorecard
from audit_engine.services.audits.actions import action_view
from audit_engine.services.audits.answers import audit_scorecard, list_answers
from audit_engine.services.audits.evidence import evidence_for_audit
from audit_engine.services.audits.findings import finding_view
from audit_engine.services.audits.planning import audit_view
from audit_engine.services.lookup import audit_by_ref, email_of
from audit_engine.services.trail import EventView, event_view
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility
from audit_engine.storage.queries.actions import action_notes, actions_of_audit
from audit_engine.storage.queries.audits import audit_events
from audit_engine.storage.queries.findings import findings_of


@dataclass(frozen=True)
class AuditDossier:
    """Plain values (dicts and domain objects), safe to use after the session closed."""

    audit: dict[str, Any]
    facility: dict[str, Any]
    catalog: Catalog  # as pinned when planned
    scorecard: Scorecard
    answers: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    actions: list[dict[str, Any]] = field(default_factory=list)  # each with "notes"
    events: list[EventView] = field(default_factory=list)


def audit_dossier(uow, clock, audit: str | int) -> AuditDossier:
    with uow.reading():
        session = uow.session
        row = audit_by_ref(session, audit)
        return _dossier(session, row, clock.now().date())


def _dossier(session, row: Audit, today) -> AuditDossier:
    facility = session.get(Facility, row.facility_id)
    return AuditDossier(
        audit=_audit_details(session, row),
        facility={
            "code": facility.code,
            "name": facility.name,
            "entity_type": facility.entity_type,
            "country": facility.country,
            "manager": email_of(session, facility.manager_id),
        },
        catalog=catalog_from_snapshot(row.criteria_snapshot),
        scorecard=audit_scorecard(session, row),
        answers=list_answers(session, row),
        evidence=evidence_for_audit(session, row.id),
        findings=[finding_view(session, f) for f in findings_of(session, row.id)],
        actions=_actions(session, row.id, today),
        events=[event_view(e) for e in audit_events(session, row.id)],
    )


def _audit_details(session, row: Audit) -> dict[str, Any]:
    return {
        **audit_view(session, row),
        "number": row.id,
        "checklist_hash": row.checklist_hash,
        "period_start": row.period_start,
        "period_end": row.period_end,
        "status_reason": row.status_reason,
        "planned_at": row.planned_at,
        "planned_by": email_of(session, row.planned_by_id),
        "submitted_by": email_of(session, row.submitted_by_id),
        "submitted_at": row.submitted_at,
        "approved_by": email_of(session, row.approved_by_id),
        "approved_at": row.approved_at,
        "closed_at": row.closed_at,
        "program_id": row.program_id,
    }


def _actions(session, audit_id: int, today) -> list[dict[str, Any]]:
    return [action_detail(session, a, today) for a in actions_of_audit(session, audit_id)]


def action_detail(session, action, today) -> dict[str, Any]:
    """The action's view with who implemented and verified it and its notes."""
    view = action_view(session, action, today)
    view["implemented_by"] = email_of(session, action.implemented_by_id)
    view["verified_by"] = email_of(session, action.verified_by_id)
    view["notes"] = [
        {
            "event": n.event,
            "text": n.text,
            "at": n.at,
            "author": email_of(session, n.author_id),
            "evidence": display_id("evidence", n.evidence_id) if n.evidence_id else None,
        }
        for n in action_notes(session, action.id)
    ]
    return view


def show_audit(uow, clock, audit: str) -> dict[str, Any]:
    """The summary `audit show` prints: details, scores, counts."""
    dossier = audit_dossier(uow, clock, audit)
    card = dossier.scorecard
    return {
        **dossier.audit,
        "score": card.overall.percent,
        "scores_by_category": {c: s.percent for c, s in card.by_category.items()},
        "failed_must": card.failed_must,
        "answered": f"{card.answered}/{card.total}",
        "evidence_files": len(dossier.evidence),
        "findings": {f["id"]: f"{f['status']} {f['severity']}" for f in dossier.findings},
        "actions": {
            a["id"]: a["status"] + (" overdue" if a["overdue"] else "") for a in dossier.actions
        },
    }
