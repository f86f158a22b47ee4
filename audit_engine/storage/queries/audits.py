"""Queries for audits: lists, pages, the previous audit of a facility, planning batches."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import Audit


def previous_audit_id(session: Session, audit: Audit, skipped: Iterable[str]) -> int | None:
    """The facility's last audit before `audit` against the same checklist, whose status is
    not one of `skipped`."""
    return session.exec(
        select(Audit.id)
        .where(Audit.facility_id == audit.facility_id, Audit.checklist_id == audit.checklist_id,
               Audit.id < audit.id, Audit.status.not_in(list(skipped)))
        .order_by(Audit.id.desc())
    ).first()
