"""How much waits on the signed-in person, counted for the navigation of every page: audits
to lead (planned or in fieldwork), audits to approve, fixes to verify, actions of theirs not
yet verified. The same rules as the dashboard's lists, without reading answers."""

from __future__ import annotations

from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.permissions import PERMISSIONS, holds
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.pages.audit_visibility import visible
from audit_engine.services.pages.dashboard import Waiting, may_verify
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage.queries.actions import actions_with_place
from audit_engine.storage.queries.audits import audits_with_code

WAITING_AUDITS = ("planned", "fieldwork", "review")  # to lead, to lead, to approve


def waiting_for(uow: UnitOfWork, *, actor: Actor) -> Waiting:
    """Read only what can wait on someone (audits before remediation, actions not yet
    verified): every page counts it, so it must not grow with the closed history."""
    with uow.reading():
        session = uow.session
        user, grants = actor_with_grants(session, actor)
        approver = PERMISSIONS["audit.approve"]
        audits = [(a, code) for a, code in audits_with_code(session, WAITING_AUDITS)
                  if visible(grants, code)]
        actions = [(c, code) for c, code, _ in actions_with_place(session, open_only=True)
                   if visible(grants, code)]
        return Waiting(
            fieldwork=sum(1 for a, _ in audits
                          if a.lead_id == user.id and a.status in ("planned", "fieldwork")),
            approvals=sum(1 for a, code in audits
                          if a.status == "review" and holds(grants, approver, code)),
            to_verify=sum(1 for c, code in actions
                          if may_verify(session, user, grants, c, code)),
            my_actions=sum(1 for c, _ in actions
                           if c.owner_id == user.id and c.status != "verified"),
        )
