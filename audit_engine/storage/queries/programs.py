"""Audit programs: the one per facility, checklist and cadence, those due, a period's audit."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.scheduling import AuditProgram


def program_id_for(session: Session, facility_id: int, checklist: str, every: str) -> int | None:
    """The id of the facility's program for this checklist and cadence, if there is one."""
    return session.exec(
        select(AuditProgram.id).where(
            AuditProgram.facility_id == facility_id,
            AuditProgram.checklist_id == checklist,
            AuditProgram.every == every,
        )
    ).first()


def due_program_ids(session: Session, today: date) -> list[int]:
    """Unpaused programs whose next opening is today or earlier."""
    return list(session.exec(
        select(AuditProgram.id).where(
            AuditProgram.next_opening <= today, AuditProgram.paused.is_(False)
        )
    ).all())


def audit_id_for_period(session: Session, program_id: int, period: str) -> int | None:
    return session.exec(
        select(Audit.id).where(Audit.program_id == program_id, Audit.period == period)
    ).first()
