"""Administration as the web shows it: who may open it, users with their state, deactivating
and reactivating a user, and the overview page's read (users, facilities, trail, policy)."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import NotFound
from audit_engine.domain.rules.lifecycle import Role
from audit_engine.services.administration.people import FacilityView, UserView
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import accounts as store
from audit_engine.storage.models.accounts import UserCredential
from audit_engine.storage.models.people import User
from audit_engine.storage.queries.rows import all_rows

ADMIN_ROLES = frozenset({Role.ADMIN.value, Role.COMPLIANCE_OFFICER.value})


@dataclass(frozen=True)
class UserLine:
    email: str
    name: str
    roles: tuple[str, ...]
    active: bool
    has_password: bool
    second_factor: bool


@dataclass(frozen=True)
class AdminOverview:
    is_admin: bool
    users: tuple[UserLine, ...]
    facilities: list[FacilityView]
    trail_ok: bool
    trail_events: int
    trail_problem: str | None
    second_factor_required: bool


def require_administration(uow: UnitOfWork, *, actor: Actor) -> bool:
    """NotFound unless the actor is an admin or a compliance officer for every facility;
    returns whether they are an admin (who may change users)."""
    with uow.reading():
        _, grants = actor_with_grants(uow.session, actor)
    held = {g.role for g in grants if g.facility is None}
    if not held & ADMIN_ROLES:
        raise NotFound.said("administration is for admins and compliance officers")

    return Role.ADMIN.value in held


def admin_overview(uow_factory, *, actor: Actor) -> AdminOverview:
    from audit_engine.services.administration import people
    from audit_engine.services.trail import verify_log

    is_admin = require_administration(uow_factory(), actor=actor)
    chain = verify_log(uow_factory())
    return AdminOverview(
        is_admin=is_admin,
        users=_users(uow_factory(), people.list_users(uow_factory())),
        facilities=people.list_facilities(uow_factory()),
        trail_ok=chain.ok, trail_events=chain.events, trail_problem=chain.problem,
        second_factor_required=_policy(uow_factory()),
    )


def _policy(uow: UnitOfWork) -> bool:
    with uow.reading():
        return store.policy(uow.session).totp_required_for_privileged


def _users(uow: UnitOfWork, listed: list[UserView]) -> tuple[UserLine, ...]:
    with uow.reading():
        session = uow.session
        users = {u.email: u for u in all_rows(session, User)}
        creds = {c.user_id: c for c in all_rows(session, UserCredential)}
    lines = []
    for entry in listed:
        user = users[entry.email]
        cred = creds.get(user.id)
        lines.append(UserLine(user.email, user.name, entry.roles, user.active,
                              bool(cred and cred.password_hash),
                              bool(cred and cred.totp_enabled_at)))
    return tuple(lines)


def set_active(uow: UnitOfWork, clock: Clock, *, actor: Actor, email: str, active: bool) -> str:
    """Deactivate (sessions and links end, sign-in refused) or reactivate a user."""
    from audit_engine.services.administration.user_changes import set_user_active

    return set_user_active(uow, clock, actor=actor, email=email, active=active).email
