"""What the findings export reads besides the audit: its findings and its actions' owners."""

from __future__ import annotations

from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import CorrectiveAction, Finding
from audit_engine.storage.models.people import User


def findings_of_audit(session: Session, audit_id: int) -> list[Finding]:
    return list(session.exec(select(Finding).where(Finding.audit_id == audit_id)
                             .order_by(Finding.id)).all())


def actions_with_owner_email(session: Session,
                             audit_id: int) -> list[tuple[CorrectiveAction, str]]:
    """The audit's corrective actions, each with its owner's e-mail."""
    return list(session.exec(select(CorrectiveAction, User.email)
                             .join(User, User.id == CorrectiveAction.owner_id)
                             .where(CorrectiveAction.audit_id == audit_id)).all())
