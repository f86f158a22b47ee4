"""What each administration page shows beside the overview: one user's roles, programmes with
the fieldwork windows that can still move, reminder rules, subscriptions, the outbox.

Every read is for admins and compliance officers for every facility (NotFound for anyone else,
as the overview); the changes go through the same services as the CLI, which check their own
permissions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import NotFound
from audit_engine.domain.rules.lifecycle import Role, display_id
from audit_engine.domain.rules.reminders import DEFAULT_RULES, EVERY, WEEKDAYS
from audit_engine.services.administration.user_admin import require_administration
from audit_engine.services.calendar.programs import ProgramView
from audit_engine.services.calendar.subscriptions import SubscriptionView
from audit_engine.services.mail.outbox import MessageView
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import administration as store
from audit_engine.storage.queries.facilities import facility_codes
from audit_engine.storage.scheduler_health import SchedulerHealth, scheduler_health


@dataclass(frozen=True)
class GrantLine:
    role: str
    facility: str | None  # None: every facility
    mapped_by: str | None = None  # the identity provider whose groups gave it (not by hand)


@dataclass(frozen=True)
class UserDetail:
    email: str
    name: str
    active: bool
    has_password: bool
    second_factor: bool
    grants: tuple[GrantLine, ...]
    manages: tuple[str, ...]  # facilities naming them as manager (changed on the facility)
    roles: tuple[str, ...]  # what the grant form offers
    facilities: tuple[str, ...]
    is_admin: bool  # the viewer may change users
    language: str | None = None  # their own; None: their facility's default


def user_detail(uow: UnitOfWork, *, actor: Actor, email: str) -> UserDetail:
    is_admin = require_administration(uow, actor=actor)
    with uow.reading():
        found = store.account(uow.session, email)
        if found is None:
            raise NotFound.said("%(what)s %(email)r not found", what="user", email=email)
        grants = store.direct_grants(uow.session, found.user_id)
        manages = store.managed_facilities(uow.session, found.user_id)
        codes = facility_codes(uow.session)
    return UserDetail(found.email, found.name, found.active, found.has_password,
                      found.second_factor, tuple(GrantLine(*g) for g in grants),
                      tuple(manages), tuple(r.value for r in Role), tuple(codes), is_admin,
                      found.language)


@dataclass(frozen=True)
class FieldworkLine:
    audit: str
    program: str
    facility: str
    period: str
    status: str
    starts_on: date
    ends_on: date
    sequence: int


@dataclass(frozen=True)
class ProgramsPage:
    programs: tuple[ProgramView, ...]
    windows: tuple[FieldworkLine, ...]
    checklists: tuple[str, ...]
    facilities: tuple[str, ...]
    every: tuple[str, ...]


def programs_page(uow_factory, catalogs, *, actor: Actor) -> ProgramsPage:
    from audit_engine.services.calendar.programs import list_programs

    require_administration(uow_factory(), actor=actor)
    uow = uow_factory()
    with uow.reading():
        windows = [FieldworkLine(display_id("audit", w.audit_id), f"P-{w.program_id}",
                                 w.facility, w.period, w.status, w.starts_on, w.ends_on,
                                 w.sequence)
                   for w in store.movable_windows(uow.session)]
        codes = facility_codes(uow.session)
    return ProgramsPage(tuple(list_programs(uow_factory())), tuple(windows),
                        tuple(sorted(c.id for c in catalogs)), tuple(codes), EVERY)


@dataclass(frozen=True)
class RuleLine:
    rule: str
    description: str
    enabled: bool
    mandatory: bool
    days: tuple[int, ...]
    weekday: str | None
    takes_days: bool  # a rule without days by default (e.g. final_report) has none to set
    takes_weekday: bool


@dataclass(frozen=True)
class RulesPage:
    rules: tuple[RuleLine, ...]
    weekdays: tuple[str, ...]


def rules_page(uow_factory, *, actor: Actor) -> RulesPage:
    from audit_engine.services.calendar.reminder_rules import list_rules

    require_administration(uow_factory(), actor=actor)
    lines = tuple(
        RuleLine(r.rule, r.description, r.enabled, r.mandatory, r.days, r.weekday,
                 bool(DEFAULT_RULES[r.rule].days), DEFAULT_RULES[r.rule].weekday is not None)
        for r in list_rules(uow_factory()))
    return RulesPage(lines, WEEKDAYS)


@dataclass(frozen=True)
class SubscriptionsPage:
    subscriptions: tuple[SubscriptionView, ...]
    reports: tuple[str, ...]
    facilities: tuple[str, ...]


def subscriptions_page(uow_factory, *, actor: Actor) -> SubscriptionsPage:
    from audit_engine.services.calendar.subscriptions import REPORTS, list_subscriptions

    require_administration(uow_factory(), actor=actor)
    uow = uow_factory()
    with uow.reading():
        codes = facility_codes(uow.session)
    return SubscriptionsPage(tuple(list_subscriptions(uow_factory())), REPORTS, tuple(codes))


@dataclass(frozen=True)
class OutboxPage:
    messages: tuple[MessageView, ...]
    status: str | None  # the filter shown
    statuses: tuple[str, ...]
    limit: int
    scheduler: SchedulerHealth  # whether mail goes out at all


def outbox_page(uow_factory, *, actor: Actor, status: str | None, limit: int = 100) -> OutboxPage:
    from audit_engine.services.mail.outbox import list_outbox
    from audit_engine.storage.outbox import STATUSES

    require_administration(uow_factory(), actor=actor)
    messages = list_outbox(uow_factory, status=status or None, limit=limit)
    return OutboxPage(tuple(messages), status or None, STATUSES, limit,
                      scheduler_health(uow_factory().engine))
