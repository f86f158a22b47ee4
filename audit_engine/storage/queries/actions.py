"""Queries for corrective actions and their progress notes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlmodel import Session, select

from audit_engine.storage.action_reports import with_facility
from audit_engine.storage.models.lifecycle import ActionNote, Audit, CorrectiveAction
from audit_engine.storage.models.people import Facility, User


def actions_of_audit(session: Session, audit_id: int) -> list[CorrectiveAction]:
    """The audit's corrective actions, oldest first."""
    return list(session.exec(select(CorrectiveAction)
                             .where(CorrectiveAction.audit_id == audit_id)
                             .order_by(CorrectiveAction.id)).all())


def actions_listed(session: Session, *, audit_id: int | None = None,
                   due_before: date | None = None,
                   unverified: Collection[str] = ()) -> list[CorrectiveAction]:
    """Every corrective action (audits' and risk assessments'), oldest first; with
    `due_before`, only those due before it whose status is one of `unverified`."""
    query = select(CorrectiveAction).order_by(CorrectiveAction.id)
    if audit_id is not None:
        query = query.where(CorrectiveAction.audit_id == audit_id)
    if due_before is not None:
        query = query.where(CorrectiveAction.due < due_before,
                            CorrectiveAction.status.in_(list(unverified)))
    return list(session.exec(query).all())


def actions_at(session: Session, facilities: Collection[str] | None, *,
               audit_id: int | None = None,
               overdue_on: date | None = None) -> list[CorrectiveAction]:
    """Corrective actions (audits' and risk assessments' action-plan items) at the facilities
    with these codes (None: every facility), oldest first; with `overdue_on`, only those due
    before it and not verified."""
    query = with_facility(select(CorrectiveAction)).order_by(CorrectiveAction.id)
    if audit_id is not None:
        query = query.where(CorrectiveAction.audit_id == audit_id)
    if overdue_on is not None:
        query = query.where(CorrectiveAction.due < overdue_on,
                            CorrectiveAction.status != "verified")
    if facilities is not None:
        query = query.where(Facility.code.in_(sorted(facilities)))
    return list(session.exec(query).all())


def actions_with_place(session: Session) -> list[tuple[CorrectiveAction, str, str | None]]:
    """(action, facility code, its audit's status) of every corrective action by due date; a
    risk assessment's action-plan item is at the assessed facility, with no audit (None)."""
    query = with_facility(select(CorrectiveAction, Facility.code, Audit.status))
    return [tuple(row) for row in session.exec(
        query.order_by(CorrectiveAction.due, CorrectiveAction.id)).all()]


_OPEN_ACTIONS = (  # built once: the navigation counts them on every page
    with_facility(select(CorrectiveAction.id, CorrectiveAction.status,
                         CorrectiveAction.owner_id, CorrectiveAction.implemented_by_id,
                         Facility.code))
    .where(CorrectiveAction.status != "verified")
)


def open_actions(session: Session):
    """(id, status, owner_id, implemented_by_id, code) rows of the corrective actions not
    verified yet, with their facility's code: columns, not entities."""
    return session.execute(_OPEN_ACTIONS).all()


def action_notes(session: Session, action_id: int) -> list[ActionNote]:
    """The action's progress notes, oldest first."""
    return list(session.exec(select(ActionNote).where(ActionNote.action_id == action_id)
                             .order_by(ActionNote.id)).all())


def evidence_note_authors(session: Session, action_id: int) -> set[int]:
    """Ids of the users who recorded evidence on the action."""
    return set(session.exec(select(ActionNote.author_id).where(
        ActionNote.action_id == action_id, ActionNote.evidence_id.is_not(None))).all())


def has_evidence_note(session: Session, action_id: int) -> bool:
    return session.exec(select(ActionNote.id).where(
        ActionNote.action_id == action_id, ActionNote.evidence_id.is_not(None))).first() is not None


def actions_with_owner_email(session: Session,
                             audit_id: int) -> list[tuple[CorrectiveAction, str]]:
    """The audit's corrective actions, each with its owner's e-mail."""
    return list(session.exec(select(CorrectiveAction, User.email)
                             .join(User, User.id == CorrectiveAction.owner_id)
                             .where(CorrectiveAction.audit_id == audit_id)).all())
