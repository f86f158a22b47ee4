"""Reads of people and places, for those allowed to see them."""

from __future__ import annotations

from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import NotFound
from audit_engine.domain.rules.permissions import require, visible_facilities
from audit_engine.languages.current import N_
from audit_engine.services.administration.people import (
    FacilityView,
    UserView,
    list_facilities,
    list_users,
)
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.ports import UnitOfWork


def users_for(uow: UnitOfWork, *, actor: Actor) -> list[UserView]:
    """Every user with their roles: admins only (those who may add users)."""
    with uow.reading():
        _, grants = actor_with_grants(uow.session, actor)
    require(actor, grants, "user.add")
    return list_users(uow)


def facilities_for(uow: UnitOfWork, *, actor: Actor) -> list[FacilityView]:
    """The facilities the actor has a role at (every one for a role without facility)."""
    with uow.reading():
        _, grants = actor_with_grants(uow.session, actor)
    visible = visible_facilities(grants)
    return [f for f in list_facilities(uow) if visible is None or f.code in visible]


def facility_for(uow: UnitOfWork, *, actor: Actor, code: str) -> FacilityView:
    for facility in facilities_for(uow, actor=actor):
        if facility.code == code:
            return facility
    raise NotFound.said("facility %(code)r not found", code=code)


def require_admin(uow: UnitOfWork, *, actor: Actor, what: str) -> None:
    """PermissionDenied unless the actor holds the admin role for every facility."""
    from audit_engine.domain.errors import PermissionDenied
    from audit_engine.domain.rules.permissions import holds

    with uow.reading():
        _, grants = actor_with_grants(uow.session, actor)
    if not holds(grants, {"admin"}, None):
        raise PermissionDenied.said("%(actor)s may not %(what)s: needs role admin",
                                    actor=str(actor), what=what)


def trail_verified_for(uow: UnitOfWork, *, actor: Actor):
    """The whole hash chain walked, for admins. -> domain TrailReport"""
    from audit_engine.services.trail import verify_log

    require_admin(uow, actor=actor, what=N_("verify the trail"))
    return verify_log(uow)
