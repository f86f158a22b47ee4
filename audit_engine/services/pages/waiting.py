"""How much waits on the signed-in person, counted for the navigation of every page: audits
to lead (planned or in fieldwork), audits to approve, fixes to verify, actions of theirs not
yet verified. The same rules as the dashboard's lists, without reading answers."""

from __future__ import annotations

from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.permissions import PERMISSIONS, Grant, holds
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.pages.audit_visibility import visible
from audit_engine.services.pages.dashboard import Waiting, may_verify
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage.queries.actions import open_actions
from audit_engine.storage.queries.audits import waiting_audits

WAITING_AUDITS = ("planned", "fieldwork", "review")  # to lead, to lead, to approve


def waiting_for(uow: UnitOfWork, *, actor: Actor) -> Waiting:
    """Read only what can wait on someone (audits before remediation, actions not yet
    verified): every page counts it, so it must not grow with the closed history."""
    with uow.reading():
        user, grants = actor_with_grants(uow.session, actor)
        return waiting_of(uow.session, user, grants)


def waiting_of(session, user, grants: list[Grant]) -> Waiting:
    """`waiting_for` inside a read the caller holds, for the person it already looked up
    (the session lookup of a whole page reads it with the identity)."""
    approver = PERMISSIONS["audit.approve"]
    audits = [a for a in waiting_audits(session, WAITING_AUDITS) if visible(grants, a.code)]
    actions = [c for c in open_actions(session) if visible(grants, c.code)]
    return Waiting(
        fieldwork=sum(1 for a in audits
                      if a.lead_id == user.id and a.status in ("planned", "fieldwork")),
        approvals=sum(1 for a in audits
                      if a.status == "review" and holds(grants, approver, a.code)),
        to_verify=sum(1 for c in actions if may_verify(session, user, grants, c, c.code)),
        my_actions=sum(1 for c in actions if c.owner_id == user.id),
    )
