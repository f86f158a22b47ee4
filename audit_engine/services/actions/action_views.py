"""A corrective action as people read it: its fields, its finding's label, and its notes."""

from __future__ import annotations

from datetime import date
from typing import Any

from audit_engine.domain.formats.labels import finding_label
from audit_engine.domain.rules.lifecycle import display_id, is_overdue
from audit_engine.services.audits.read_models import ActionDetail, ActionNoteView, ActionView
from audit_engine.services.lookup import email_of
from audit_engine.services.review.findings import criterion_title
from audit_engine.services.risk.views import risk_action_label_of
from audit_engine.storage.models.lifecycle import CorrectiveAction, Finding
from audit_engine.storage.queries.actions import action_notes


def action_view(session, action: CorrectiveAction, today: date) -> ActionView:
    """An audit's action names its finding and audit; a risk assessment's action-plan item
    names its assessment instead. `label` says what it addresses, either way."""
    return ActionView(**_action_fields(session, action, today))


def _action_fields(session, action: CorrectiveAction, today: date) -> dict[str, Any]:
    risk = action.risk_assessment_id
    label = _finding_label(session, action.finding_id) if action.finding_id else None
    return {
        "id": display_id("action", action.id),
        "finding": display_id("finding", action.finding_id) if action.finding_id else None,
        "finding_label": label,
        "label": label or risk_action_label_of(session, action),
        "audit": display_id("audit", action.audit_id) if action.audit_id else None,
        "risk_assessment": display_id("risk", risk) if risk else None,
        "owner": email_of(session, action.owner_id),
        "due": action.due,
        "status": action.status,
        "overdue": is_overdue(action.status, action.due, today),
        "plan": action.plan,
        "root_cause": action.root_cause,
    }


def action_detail_view(session, action: CorrectiveAction, today: date) -> ActionDetail:
    """The action with who implemented and verified it and its progress notes."""
    notes = tuple(
        ActionNoteView(n.event, n.text, n.at, email_of(session, n.author_id),
                       display_id("evidence", n.evidence_id) if n.evidence_id else None)
        for n in action_notes(session, action.id)
    )
    return ActionDetail(**_action_fields(session, action, today),
                        implemented_by=email_of(session, action.implemented_by_id),
                        verified_by=email_of(session, action.verified_by_id), notes=notes)


def _finding_label(session, finding_id: int) -> str:
    """`F-3 · 6.2 Seal verification process` (the identity map answers repeats)."""
    finding = session.get(Finding, finding_id)
    ref = display_id("finding", finding_id)
    if finding is None:
        return ref
    return finding_label(ref, finding.criterion_id, criterion_title(session, finding))
