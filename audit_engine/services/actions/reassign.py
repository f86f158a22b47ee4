"""Giving an unverified corrective action to another owner (e.g. its owner left)."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import PermissionDenied, TransitionNotAllowed
from audit_engine.domain.rules.lifecycle import ActionId, ActionStatus, display_id
from audit_engine.domain.rules.permissions import OWNER_ROLES, require, require_role
from audit_engine.services.lookup import (
    action_by_ref,
    actor_with_grants,
    email_of,
    grants_of,
    user_by_email,
)
from audit_engine.services.mail import handoffs
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import directory


@dataclass(frozen=True)
class ActionReassigned:
    action: str
    previous_owner: str | None  # None: it had no owner
    owner: str


def reassign_action(uow: UnitOfWork, clock: Clock, *, actor: Actor, action: ActionId,
                    owner: str) -> ActionReassigned:
    with uow:
        session = uow.session
        row = action_by_ref(session, action)
        ref = display_id("action", row.id)
        code = directory.facility_code_of_action(session, row.id)
        _, grants = actor_with_grants(session, actor)
        require(actor, grants, "action.reassign", code)
        if row.status == ActionStatus.VERIFIED:
            raise TransitionNotAllowed.said("%(ref)s is verified: it has no owner to change",
                                            ref=ref)
        person = user_by_email(session, owner, "action owner")
        if not person.active:
            raise PermissionDenied.said("%(email)s is deactivated and cannot own %(ref)s",
                                        email=person.email, ref=ref)
        require_role(person.email, grants_of(session, person), OWNER_ROLES, code, "action owner")
        before = email_of(session, row.owner_id)
        row.owner_id = person.id
        directory.save(session, row)
        record = append_event(uow, clock.now(), actor, "action.reassign", ref,
                              {"from": before, "to": person.email}, row.audit_id)  # None: risk
        handoffs.tell(uow, record)  # the new owner hears of it now
        uow.commit()
    return ActionReassigned(ref, before, person.email)
