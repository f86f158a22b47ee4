"""Reminder rules as data (defaults in domain/rules/reminders.py, overrides in reminder_rule) and
users' opt-outs from the non-mandatory ones."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, NotFound, PermissionDenied
from audit_engine.domain.rules.lifecycle import Role
from audit_engine.domain.rules.reminders import DEFAULT_RULES, WEEKDAYS, Rule
from audit_engine.services.lookup import actor_with_grants, user_by_email
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage.models.scheduling import MailOptOut, ReminderRule
from audit_engine.storage.queries.reminder_settings import opt_out_row, rules_in_force

RULE_EDITORS = {Role.ADMIN.value, Role.COMPLIANCE_OFFICER.value}


def effective_rules(session) -> dict[str, Rule]:
    return rules_in_force(session)


@dataclass(frozen=True)
class RuleView:
    """A reminder rule as in force (its default with any override)."""

    rule: str
    enabled: bool
    mandatory: bool
    days: tuple[int, ...]
    weekday: str | None
    description: str


@dataclass(frozen=True)
class OptOutView:
    user: str
    rule: str  # "*": every optional rule
    opted_out: bool


def rule_view(rule: Rule) -> RuleView:
    return RuleView(rule.key, rule.enabled, rule.mandatory, tuple(rule.days), rule.weekday,
                    rule.description)


def list_rules(uow: UnitOfWork) -> list[RuleView]:
    with uow.reading():
        return [rule_view(r) for r in effective_rules(uow.session).values()]


def set_rule(
    uow: UnitOfWork,
    clock: Clock,
    *,
    actor: Actor,
    key: str,
    days: tuple[int, ...] | None = None,
    enabled: bool | None = None,
    mandatory: bool | None = None,
    weekday: str | None = None,
) -> RuleView:
    _check_rule(key, weekday)
    with uow:
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        if not any(g.role in RULE_EDITORS for g in grants):
            raise PermissionDenied.said(
                "%(actor)s may not change reminder rules: needs role admin or compliance_officer",
                actor=str(actor)
            )
        current = effective_rules(session)[key]
        if days is not None and DEFAULT_RULES[key].days and not days:
            raise InvalidInput.said("rule %(key)s needs at least one day (or use --disable)",
                                    key=key)
        row = session.get(ReminderRule, key) or ReminderRule(
            key=key, updated_by=actor.email, updated_at=clock.now()
        )
        row.enabled = current.enabled if enabled is None else enabled
        row.mandatory = current.mandatory if mandatory is None else mandatory
        row.days = list(current.days if days is None else days)
        row.weekday = current.weekday if weekday is None else weekday
        row.updated_by, row.updated_at = actor.email, clock.now()
        session.add(row)
        view = rule_view(effective_rules_after(current, row))
        append_event(uow, clock.now(), actor, "reminder_rule.set", key, asdict(view))
        uow.commit()
    return view


def _check_rule(key: str, weekday: str | None) -> None:
    if key not in DEFAULT_RULES:
        raise NotFound.said("reminder rule %(key)r not found (known: %(known)s)", key=key,
                            known=", ".join(DEFAULT_RULES))
    if weekday is not None and weekday not in WEEKDAYS:
        raise InvalidInput.said("weekday %(weekday)r is not one of: %(known)s", weekday=weekday,
                                known=", ".join(WEEKDAYS))


def effective_rules_after(rule: Rule, row: ReminderRule) -> Rule:
    return rule.with_override(
        enabled=row.enabled, mandatory=row.mandatory, days=row.days, weekday=row.weekday
    )


def set_opt_out(uow: UnitOfWork, clock: Clock, *, actor: Actor, rule: str,
                opted_out: bool) -> OptOutView:
    """The acting user opts out of (or back into) one rule, or "*" for every optional one."""
    if rule != "*" and rule not in DEFAULT_RULES:
        raise NotFound.said("reminder rule %(key)r not found", key=rule)
    with uow:
        session = uow.session
        user = user_by_email(session, actor.email, "acting user")
        if rule != "*" and opted_out and effective_rules(session)[rule].mandatory:
            raise InvalidInput.said("rule %(key)s is mandatory; it cannot be opted out of",
                                    key=rule)

        existing = opt_out_row(session, user.id, rule)
        if opted_out and existing is None:
            session.add(MailOptOut(user_id=user.id, rule=rule, created_at=clock.now()))
        elif not opted_out and existing is not None:
            session.delete(existing)
        uow.commit()
    return OptOutView(user.email, rule, opted_out)
