"""The closed audits of a quarter and what their archive holds: linked and attached evidence
files."""

from __future__ import annotations

from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import (
    ActionNote,
    Audit,
    CorrectiveAction,
    Evidence,
    EvidenceLink,
)


def audits_of_period(session: Session, period: str, status: str) -> list[Audit]:
    """The audits of `period` in `status`, in id order."""
    return list(session.exec(select(Audit).where(Audit.period == period, Audit.status == status)
                             .order_by(Audit.id)).all())


def evidence_files_of(session: Session, audit_id: int) -> list[tuple[int, str, str]]:
    """(evidence id, original name, SHA-256) of every file linked to the audit: to its criteria
    or attached to one of its corrective actions at a step (the proof of remediation), in id
    order."""
    attached = (select(ActionNote.evidence_id)
                .join(CorrectiveAction, CorrectiveAction.id == ActionNote.action_id)
                .where(CorrectiveAction.audit_id == audit_id,
                       ActionNote.evidence_id.is_not(None)))
    return list(session.exec(
        select(Evidence.id, Evidence.original_name, Evidence.sha256)
        .where(Evidence.id.in_(select(EvidenceLink.evidence_id)
                               .where(EvidenceLink.audit_id == audit_id))
               | Evidence.id.in_(attached))
        .order_by(Evidence.id)).all())
