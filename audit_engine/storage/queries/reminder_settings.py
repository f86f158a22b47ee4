"""Reminder rule overrides and users' opt-outs from the optional rules."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from audit_engine.storage.models.people import User
from audit_engine.storage.models.scheduling import MailOptOut, ReminderRule


def rule_overrides(session: Session) -> list[ReminderRule]:
    return list(session.exec(select(ReminderRule)).all())


def rules_in_force(session: Session) -> dict:
    """Every rule key -> domain Rule: the default with its stored override, if any."""
    from audit_engine.domain.rules.reminders import DEFAULT_RULES

    rules = dict(DEFAULT_RULES)
    for row in rule_overrides(session):
        if row.key in rules:
            rules[row.key] = rules[row.key].with_override(
                enabled=row.enabled, mandatory=row.mandatory, days=row.days, weekday=row.weekday
            )
    return rules


def opt_out_row(session: Session, user_id: int, rule: str) -> MailOptOut | None:
    return session.exec(
        select(MailOptOut).where(MailOptOut.user_id == user_id, MailOptOut.rule == rule)
    ).first()


def opt_out_rows(session: Session, user_id: int) -> list[MailOptOut]:
    return list(session.exec(select(MailOptOut).where(MailOptOut.user_id == user_id)).all())


def opted_out_emails(session: Session, emails: Iterable[str], rules: Iterable[str]) -> set[str]:
    """Those of `emails` who opted out of any of `rules`."""
    return set(session.exec(
        select(User.email)
        .join(MailOptOut, MailOptOut.user_id == User.id)
        .where(User.email.in_(sorted(emails)), MailOptOut.rule.in_(list(rules)))
    ).all())


def opt_outs_by_email(session: Session, emails: Iterable[str]) -> dict[str, set[str]]:
    """{e-mail: the rules that user opted out of} for `emails`."""
    rows = session.exec(select(User.email, MailOptOut.rule)
                        .join(MailOptOut, MailOptOut.user_id == User.id)
                        .where(User.email.in_(sorted(emails)))).all()
    out: dict[str, set[str]] = {}
    for email, rule in rows:
        out.setdefault(email, set()).add(rule)
    return out
