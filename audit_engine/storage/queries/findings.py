"""Queries for an audit's findings."""

from __future__ import annotations

from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import Finding


def findings_of(session: Session, audit_id: int) -> list[Finding]:
    """The audit's findings, oldest first."""
    return list(session.exec(
        select(Finding).where(Finding.audit_id == audit_id).order_by(Finding.id)).all())
