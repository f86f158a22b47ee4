"""Reads for the web fieldwork page and the answer saved in place: only the columns the page
shows, as plain rows (no ORM entities, no trail), each list in one statement.

The statements are built once at first use: constructing a SELECT costs more CPU than SQLite
takes to run one of these.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from audit_engine.storage.models.lifecycle import (
    Answer,
    Audit,
    AuditEvent,
    CorrectiveAction,
    CriteriaSnapshot,
    Evidence,
    EvidenceLink,
    Finding,
)
from audit_engine.storage.models.people import Facility, User


@cache
def _statements() -> dict:
    lead, owner = aliased(User.__table__), aliased(User.__table__)
    audit, facility = Audit.__table__, Facility.__table__
    answer, evidence, link = Answer.__table__, Evidence.__table__, EvidenceLink.__table__
    finding, action = Finding.__table__, CorrectiveAction.__table__
    answers = select(answer.c.criterion_id, answer.c.category, answer.c.level,
                     answer.c.result, answer.c.note, answer.c.answered_at)
    files = (
        select(link.c.criterion_id, evidence.c.id, evidence.c.original_name,
               evidence.c.media_type, evidence.c.size, evidence.c.valid_until,
               evidence.c.added_at)
        .join(evidence, evidence.c.id == link.c.evidence_id)
        .where(link.c.audit_id == bindparam("audit_id"))
        .order_by(evidence.c.id, link.c.criterion_id)
    )
    return {
        "header": _header(audit, facility, lead),
        "answers": answers.where(answer.c.audit_id == bindparam("audit_id"))
        .order_by(answer.c.id),
        "answer": answers.where(answer.c.audit_id == bindparam("audit_id"),
                                answer.c.criterion_id == bindparam("criterion")),
        "files": files,
        "criterion_files": files.where(link.c.criterion_id == bindparam("criterion")),
        "findings": select(finding.c.id, finding.c.criterion_id, finding.c.result,
                           finding.c.severity, finding.c.status, finding.c.note,
                           finding.c.status_reason, finding.c.severity_reason)
        .where(finding.c.audit_id == bindparam("audit_id")).order_by(finding.c.id),
        "actions": select(action.c.id, action.c.finding_id, action.c.plan, action.c.due,
                          action.c.status, action.c.owner_id, owner.c.email.label("owner"))
        .outerjoin(owner, owner.c.id == action.c.owner_id)
        .where(action.c.audit_id == bindparam("audit_id")).order_by(action.c.id),
        "latest_event": select(AuditEvent.__table__.c.payload)
        .where(AuditEvent.__table__.c.audit_id == bindparam("audit_id"),
               AuditEvent.__table__.c.action == bindparam("action"))
        .order_by(AuditEvent.__table__.c.seq.desc()).limit(1),
        "snapshot": select(CriteriaSnapshot.__table__.c.snapshot)
        .where(CriteriaSnapshot.__table__.c.content_hash == bindparam("content_hash")),
    }


def _header(audit, facility, lead):
    return (
        select(
            audit.c.id, audit.c.status, audit.c.status_reason, audit.c.period, audit.c.due,
            audit.c.version, audit.c.lead_id, audit.c.submitted_by_id, audit.c.checklist_id,
            audit.c.checklist_version, audit.c.checklist_hash, audit.c.planned_at,
            facility.c.code.label("facility_code"), facility.c.name.label("facility_name"),
            facility.c.time_zone.label("time_zone"),
            lead.c.email.label("lead_email"),
        )
        .join(facility, facility.c.id == audit.c.facility_id)
        .outerjoin(lead, lead.c.id == audit.c.lead_id)
        .where(audit.c.id == bindparam("audit_id"))
    )


def _rows(session: Session, name: str, **params) -> list[Row]:
    return list(session.connection().execute(_statements()[name], params))


def audit_header(session: Session, audit_id: int) -> Row | None:
    """The audit's columns the page shows, with its facility's code and name and the lead's
    email (None when there is no such audit)."""
    found = _rows(session, "header", audit_id=audit_id)
    return found[0] if found else None


def answer_rows(session: Session, audit_id: int) -> list[Row]:
    """criterion_id, category, level, result, note, answered_at per answer, in plan order."""
    return _rows(session, "answers", audit_id=audit_id)


def answer_row(session: Session, audit_id: int, criterion: str) -> Row | None:
    found = _rows(session, "answer", audit_id=audit_id, criterion=criterion)
    return found[0] if found else None


def evidence_rows(session: Session, audit_id: int, criterion: str | None = None) -> list[Row]:
    """One row per (file, criterion) link of the audit: criterion_id, id, original_name,
    media_type, size, valid_until, added_at; of one criterion when given."""
    if criterion is None:
        return _rows(session, "files", audit_id=audit_id)
    return _rows(session, "criterion_files", audit_id=audit_id, criterion=criterion)


def finding_rows(session: Session, audit_id: int) -> list[Row]:
    return _rows(session, "findings", audit_id=audit_id)


def action_rows(session: Session, audit_id: int) -> list[Row]:
    """The audit's corrective actions with their owner's email."""
    return _rows(session, "actions", audit_id=audit_id)


def latest_event_payload(session: Session, audit_id: int, action: str) -> str | None:
    found = _rows(session, "latest_event", audit_id=audit_id, action=action)
    return found[0].payload if found else None


def criteria_snapshot(session: Session, content_hash: str) -> dict | None:
    found = _rows(session, "snapshot", content_hash=content_hash)
    return found[0].snapshot if found else None
