"""The people a form offers for a duty, so nobody types an e-mail address: who may own a
corrective action at a facility (an action owner or the facility's manager)."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.lifecycle import Role
from audit_engine.domain.rules.permissions import OWNER_ROLES, Grant, holds
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.pages.audit_visibility import visible
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage.queries.people import names_by_email
from audit_engine.storage.queries.role_holders import active_grant_rows, active_named_managers


@dataclass(frozen=True)
class Person:
    email: str
    name: str


def owners_at(uow: UnitOfWork, *, actor: Actor, facility: str) -> tuple[Person, ...]:
    """Everyone who may own an action at `facility`, by name; empty for a reader who holds
    no role there."""
    with uow.reading():
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        if not visible(grants, facility):
            return ()
        held: dict[str, list[Grant]] = {}
        for email, role, code in active_grant_rows(session):
            held.setdefault(email, []).append(Grant(role, code))
        for email, code in active_named_managers(session):
            held.setdefault(email, []).append(Grant(Role.MANAGER.value, code))
        emails = sorted(e for e, g in held.items() if holds(g, OWNER_ROLES, facility))
        names = names_by_email(session, emails)
    return tuple(Person(e, names.get(e, e)) for e in emails)


def may_reassign(uow: UnitOfWork, *, actor: Actor, facility: str) -> bool:
    """Whether the reader may give the facility's actions to someone else (`action.reassign`)."""
    from audit_engine.domain.rules.permissions import PERMISSIONS

    with uow.reading():
        _, grants = actor_with_grants(uow.session, actor)
    return holds(grants, PERMISSIONS["action.reassign"], facility)
