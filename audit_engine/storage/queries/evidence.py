"""Queries for evidence files and their links to an audit's criteria."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import (
    ActionNote,
    Audit,
    CorrectiveAction,
    Evidence,
    EvidenceLink,
)


def evidence_with_links(session: Session, audit_id: int) -> list[tuple[EvidenceLink, Evidence]]:
    """(link, evidence) for every criterion link of the audit."""
    return list(session.exec(
        select(EvidenceLink, Evidence)
        .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
        .where(EvidenceLink.audit_id == audit_id)
    ).all())


def evidence_by_audit_criterion(session: Session,
                                audit_id: int) -> list[tuple[Evidence, str]]:
    """(evidence, criterion id) per link of the audit, by evidence then criterion."""
    return list(session.exec(
        select(Evidence, EvidenceLink.criterion_id)
        .join(EvidenceLink, EvidenceLink.evidence_id == Evidence.id)
        .where(EvidenceLink.audit_id == audit_id)
        .order_by(Evidence.id, EvidenceLink.criterion_id)
    ).all())


def linked_file_names(session: Session,
                      audit_id: int) -> list[tuple[str, str, date | None]]:
    """(criterion id, original file name, valid until) per link of the audit, by evidence."""
    return list(session.exec(
        select(EvidenceLink.criterion_id, Evidence.original_name, Evidence.valid_until)
        .join(Evidence, Evidence.id == EvidenceLink.evidence_id)
        .where(EvidenceLink.audit_id == audit_id).order_by(Evidence.id)).all())


def evidence_for_criterion(session: Session, audit_id: int, criterion_id: str) -> list[Evidence]:
    return list(session.exec(
        select(Evidence).join(EvidenceLink, EvidenceLink.evidence_id == Evidence.id)
        .where(EvidenceLink.audit_id == audit_id, EvidenceLink.criterion_id == criterion_id)
        .order_by(Evidence.id)
    ).all())


def evidenced_criteria(session: Session, audit_id: int) -> set[str]:
    """The audit's criteria with at least one evidence file."""
    return set(session.exec(
        select(EvidenceLink.criterion_id).where(EvidenceLink.audit_id == audit_id)))


def criteria_linked_to(session: Session, evidence_id: int, audit_id: int) -> set[str]:
    """The criteria of the audit that one evidence file is linked to already."""
    return set(session.exec(select(EvidenceLink.criterion_id).where(
        EvidenceLink.evidence_id == evidence_id, EvidenceLink.audit_id == audit_id)))


def stored_files(session: Session, facility_id: int, sha256: str) -> list[Evidence]:
    """The facility's evidence rows holding the file with this content hash."""
    return list(session.exec(select(Evidence).where(
        Evidence.sha256 == sha256, Evidence.facility_id == facility_id)).all())


def evidence_ids_added_before(session: Session, audit_id: int, when: datetime) -> list[int]:
    """Ids of the audit's evidence stored before `when` (its planning: carried forward)."""
    return list(session.exec(
        select(Evidence.id).join(EvidenceLink, EvidenceLink.evidence_id == Evidence.id)
        .where(EvidenceLink.audit_id == audit_id, Evidence.added_at < when)
    ).all())


def action_evidence(session: Session, audit_id: int) -> list[tuple[Evidence, int]]:
    """(evidence, corrective action id) of every file attached to one of the audit's actions
    at a step (implement, verify ...), by evidence then action."""
    return list(session.exec(
        select(Evidence, ActionNote.action_id)
        .join(ActionNote, ActionNote.evidence_id == Evidence.id)
        .join(CorrectiveAction, CorrectiveAction.id == ActionNote.action_id)
        .where(CorrectiveAction.audit_id == audit_id)
        .order_by(Evidence.id, ActionNote.action_id)
    ).all())


def link_of(session: Session, evidence_id: int, audit_id: int,
            criterion_id: str) -> EvidenceLink | None:
    """The link of one evidence file to one criterion of the audit, if there is one."""
    return session.exec(select(EvidenceLink).where(
        EvidenceLink.evidence_id == evidence_id, EvidenceLink.audit_id == audit_id,
        EvidenceLink.criterion_id == criterion_id)).first()


def audit_files(session: Session, audit_id: int) -> list[tuple[Evidence, str]]:
    """(evidence, criterion id) per link of the audit, newest file first."""
    return list(session.exec(
        select(Evidence, EvidenceLink.criterion_id)
        .join(EvidenceLink, EvidenceLink.evidence_id == Evidence.id)
        .where(EvidenceLink.audit_id == audit_id)
        .order_by(Evidence.id.desc(), EvidenceLink.criterion_id)).all())


def evidence_listing(session: Session) -> list[tuple]:
    """(evidence, facility code, audit id, audit period, criterion id) per criterion link,
    and once with no audit for a file linked to none (an action's proof), newest first."""
    from audit_engine.storage.models.people import Facility

    return list(session.exec(
        select(Evidence, Facility.code, EvidenceLink.audit_id, Audit.period,
               EvidenceLink.criterion_id)
        .join(Facility, Facility.id == Evidence.facility_id)
        .outerjoin(EvidenceLink, EvidenceLink.evidence_id == Evidence.id)
        .outerjoin(Audit, Audit.id == EvidenceLink.audit_id)
        .order_by(Evidence.id.desc(), EvidenceLink.audit_id, EvidenceLink.criterion_id)
    ).all())
