"""Reads of audit programs and report subscriptions, for those allowed to see them."""

from __future__ import annotations

from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.permissions import visible_facilities
from audit_engine.services.calendar.programs import ProgramView
from audit_engine.services.calendar.reminder_rules import RuleView
from audit_engine.services.calendar.subscriptions import SubscriptionView
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.ports import UnitOfWork


def programs_for(uow: UnitOfWork, *, actor: Actor) -> list[ProgramView]:
    from audit_engine.services.calendar.programs import list_programs

    with uow.reading():
        _, grants = actor_with_grants(uow.session, actor)
    visible = visible_facilities(grants)
    return [p for p in list_programs(uow) if visible is None or p.facility in visible]


def subscriptions_for(uow: UnitOfWork, *, actor: Actor) -> list[SubscriptionView]:
    """Subscriptions to reports of facilities the actor may see (portfolio and actions
    reports span every facility: only for those who see every facility)."""
    from audit_engine.services.calendar.subscriptions import list_subscriptions

    with uow.reading():
        _, grants = actor_with_grants(uow.session, actor)
    visible = visible_facilities(grants)
    if visible is None:
        return list_subscriptions(uow)
    return [s for s in list_subscriptions(uow) if s.facility in visible]


def rules_for(uow: UnitOfWork, *, actor: Actor) -> list[RuleView]:
    """The effective reminder rules, for any active user (they say what mail goes out)."""
    from audit_engine.services.calendar.reminder_rules import list_rules

    with uow.reading():
        actor_with_grants(uow.session, actor)
    return list_rules(uow)
