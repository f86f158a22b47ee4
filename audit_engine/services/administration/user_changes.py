"""Changing people after they were added: name, role grants, deactivation. Admins only.

Users are never deleted (the trail names them). A deactivated user cannot act and is sent no
mail; the corrective actions they still own are listed so that they can be reassigned
(`action reassign`).
"""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from audit_engine.domain.rules.lifecycle import Role, display_id, parse_choice
from audit_engine.domain.rules.permissions import require
from audit_engine.languages.current import N_
from audit_engine.services.lookup import actor_with_grants, facility_by_code, user_by_email
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage import directory

MAX_NAME = 200


@dataclass(frozen=True)
class UserChanged:
    email: str
    change: str  # what the trail recorded, e.g. "user.grant"
    detail: str  # one line for people
    open_actions: tuple[str, ...] = ()  # CA-n still owned (on deactivation)


def edit_user(uow: UnitOfWork, clock: Clock, *, actor: Actor, email: str, name: str) -> UserChanged:
    name = name.strip()
    if not name:
        raise InvalidInput.said("the name must not be empty")
    if len(name) > MAX_NAME:
        raise InvalidInput.said("the name is longer than %(limit)s characters", limit=MAX_NAME)
    with uow:
        session = uow.session
        _admin(session, actor, "user.edit")
        user = user_by_email(session, email)
        before, user.name = user.name, name
        directory.save(session, user)
        append_event(uow, clock.now(), actor, "user.edit", f"user:{user.email}",
                     {"name": {"from": before, "to": name}})
        uow.commit()
    return UserChanged(user.email, "user.edit", f"name {before!r} -> {name!r}")


def grant_role(uow: UnitOfWork, clock: Clock, *, actor: Actor, email: str, role: str,
               facility: str | None = None) -> UserChanged:
    return _change_grant(uow, clock, actor, email, role, facility, granting=True)


def revoke_role(uow: UnitOfWork, clock: Clock, *, actor: Actor, email: str, role: str,
                facility: str | None = None) -> UserChanged:
    return _change_grant(uow, clock, actor, email, role, facility, granting=False)


def _change_grant(uow: UnitOfWork, clock: Clock, actor: Actor, email, role, facility, *,
                  granting: bool) -> UserChanged:
    """Add or remove one (role, facility) grant; never the last active admin's."""
    role = parse_choice(Role, role, "role").value
    with uow:
        session = uow.session
        _admin(session, actor, "user.edit")
        user = user_by_email(session, email)
        place = facility_by_code(session, facility) if facility else None
        grant = directory.find_grant(session, user.id, role, place and place.id)
        held = _scoped(role, place)
        if granting and grant:
            raise _held_already(user.email, role, place)
        if not granting and grant is None:
            raise _not_held(user.email, role, place)
        if granting:
            directory.add_grant(session, user.id, role, place and place.id)
        else:
            if role == Role.ADMIN and place is None and user.active:
                _keep_an_admin(session, N_("cannot revoke the admin role of the last active admin"))
            directory.remove(session, grant)
        change = "user.grant" if granting else "user.revoke"
        append_event(uow, clock.now(), actor, change, f"user:{user.email}",
                     {"role": role, "facility": place.code if place else "*"})
        uow.commit()
    return UserChanged(user.email, change, f"{'granted' if granting else 'revoked'} {held}")


def set_user_active(uow: UnitOfWork, clock: Clock, *, actor: Actor, email: str,
                    active: bool) -> UserChanged:
    """Deactivate (cannot act, gets no mail, web sessions end) or reactivate a user."""
    from audit_engine.storage import accounts

    with uow:
        session = uow.session
        me, _ = _admin(session, actor, "user.edit")
        user = user_by_email(session, email)
        if user.id == me.id and not active:
            raise PermissionDenied.said("you cannot deactivate yourself")
        if user.active == active:
            raise (Conflict.said("%(email)s is active already", email=user.email) if active
                   else Conflict.said("%(email)s is deactivated already", email=user.email))
        if not active and directory.find_grant(session, user.id, Role.ADMIN, None):
            _keep_an_admin(session, N_("cannot deactivate the last active admin"))
        user.active = active
        directory.save(session, user)
        now = clock.now()
        if not active:
            accounts.end_sessions(session, user.id)
            accounts.retire_tokens(session, user.id, now)
        owned = tuple(display_id("action", i) for i, _, _ in
                      directory.open_actions_owned_by(session, user.id))
        change = "user.reactivate" if active else "user.deactivate"
        append_event(uow, now, actor, change, f"user:{user.email}",
                     {"open_actions": list(owned)})
        uow.commit()
    detail = "reactivated" if active else "deactivated"
    return UserChanged(user.email, change, detail, owned if not active else ())


def lift_sign_in_lock(uow: UnitOfWork, clock: Clock, *, actor: Actor, email: str) -> UserChanged:
    """An admin lifts the sign-in lock (or slowing) of an account that someone else kept
    failing on; the trail records it (`user.unlock`)."""
    from audit_engine.domain.rules.accounts import account_key
    from audit_engine.storage import accounts

    with uow:
        session = uow.session
        _admin(session, actor, "user.edit")
        user = user_by_email(session, email)
        key = account_key(user.email)
        counted = accounts.throttle_rows(session, [key]).get(key)
        accounts.clear_throttle(session, key)
        failures = counted.failures if counted else 0
        append_event(uow, clock.now(), actor, "user.unlock", f"user:{user.email}",
                     {"failures": failures})
        uow.commit()
    detail = f"sign-in lock lifted ({failures} failed sign-ins forgotten)" if counted \
        else "was not locked or slowed"
    return UserChanged(user.email, "user.unlock", detail)


def _admin(session, actor: Actor, permission: str):
    me, grants = actor_with_grants(session, actor)
    require(actor, grants, permission)
    return me, grants


def _keep_an_admin(session, refused: str) -> None:
    if directory.active_admins(session) <= 1:
        raise PermissionDenied.said(refused)


def _held_already(email: str, role: str, place) -> Conflict:
    if place:
        return Conflict.said("%(email)s holds %(role)s@%(facility)s already", email=email,
                             role=role, facility=place.code)
    return Conflict.said("%(email)s holds %(role)s (every facility) already", email=email,
                         role=role)


def _not_held(email: str, role: str, place) -> NotFound:
    if place:
        return NotFound.said("%(email)s does not hold %(role)s@%(facility)s", email=email,
                             role=role, facility=place.code)
    return NotFound.said("%(email)s does not hold %(role)s (every facility)", email=email,
                         role=role)


def _scoped(role: str, place) -> str:
    return f"{role}@{place.code}" if place else f"{role} (every facility)"
