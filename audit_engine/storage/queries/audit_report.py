"""What the audit report reads beyond the audit row: its rows table by table, the people it
names with their grants, the facility's earlier scored audits and their results."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import ActionNote, Answer, Audit, Evidence
from audit_engine.storage.models.people import RoleGrant, User


def rows_of_audit(session: Session, model, audit_id: int) -> list:
    """The audit's rows of `model` (a table with an audit_id), in primary-key order."""
    return list(session.exec(select(model).where(model.audit_id == audit_id)
                             .order_by(*model.__table__.primary_key.columns)).all())


def evidence_with_ids(session: Session, ids: Iterable[int]) -> list[Evidence]:
    wanted = sorted(set(ids))
    if not wanted:
        return []
    return list(session.exec(select(Evidence).where(Evidence.id.in_(wanted))).all())


def notes_of_actions(session: Session, action_ids: Iterable[int]) -> list[ActionNote]:
    """The progress notes (and attached files) of these corrective actions, in id order."""
    wanted = sorted(set(action_ids))
    if not wanted:
        return []
    return list(session.exec(select(ActionNote).where(ActionNote.action_id.in_(wanted))
                             .order_by(ActionNote.id)).all())


def people_with_grants(session: Session, emails: list[str]) -> list[tuple]:
    """(user id, e-mail, name, role, facility id) per grant of the users with `emails`; a
    user without a grant appears once with role and facility None."""
    return list(session.exec(
        select(User.id, User.email, User.name, RoleGrant.role, RoleGrant.facility_id)
        .outerjoin(RoleGrant, RoleGrant.user_id == User.id)
        .where(User.email.in_(emails))).all())


def earlier_audits(session: Session, audit: Audit, statuses: list[str],
                   limit: int) -> list[tuple[int, str]]:
    """(id, period) of the facility's audits in `statuses` before this audit's period, the
    latest `limit` of them, latest first."""
    return list(session.exec(
        select(Audit.id, Audit.period).where(
            Audit.facility_id == audit.facility_id, Audit.period < audit.period,
            Audit.status.in_(statuses))
        .order_by(Audit.period.desc()).limit(limit)).all())


def results_of_audits(session: Session, audit_ids: list[int]) -> list[tuple[int, str | None]]:
    """(audit id, result) of every answer of these audits."""
    return list(session.exec(
        select(Answer.audit_id, Answer.result).where(Answer.audit_id.in_(audit_ids))).all())
