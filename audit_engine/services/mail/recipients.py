"""Who gets which message: teams, managers, compliance officers, minus opt-outs."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import select

from audit_engine.domain.lifecycle import Role
from audit_engine.domain.reminders import Rule
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility, RoleGrant, User
from audit_engine.storage.models.scheduling import MailOptOut


def audit_team(session, audit: Audit) -> list[str]:
    """The lead and every auditor granted on this facility specifically."""
    emails = set()
    if audit.lead_id:
        lead = session.get(User, audit.lead_id)
        if lead and lead.active:
            emails.add(lead.email)
    rows = session.exec(
        select(User.email)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(
            RoleGrant.role == Role.AUDITOR.value,
            RoleGrant.facility_id == audit.facility_id,
            User.active.is_(True),
        )
    ).all()
    return sorted(emails | set(rows))


def facility_manager(session, facility_id: int) -> str | None:
    facility = session.get(Facility, facility_id)
    if facility is None or facility.manager_id is None:
        return None
    user = session.get(User, facility.manager_id)
    return user.email if user and user.active else None


def compliance_officers(session) -> list[str]:
    return sorted(
        set(
            session.exec(
                select(User.email)
                .join(RoleGrant, RoleGrant.user_id == User.id)
                .where(RoleGrant.role == Role.COMPLIANCE_OFFICER.value, User.active.is_(True))
            ).all()
        )
    )


def managers(session) -> dict[str, list[int]]:
    """Every active facility manager -> the facilities they manage."""
    rows = session.exec(
        select(User.email, Facility.id)
        .join(Facility, Facility.manager_id == User.id)
        .where(User.active.is_(True))
    ).all()
    out: dict[str, list[int]] = {}
    for email, facility_id in rows:
        out.setdefault(email, []).append(facility_id)
    return out


def without_opt_outs(session, rule: Rule, emails: Iterable[str]) -> list[str]:
    """Mandatory rules reach everyone; the others skip users who opted out of them."""
    emails = sorted(set(e for e in emails if e))
    if rule.mandatory or not emails:
        return emails
    opted = set(
        session.exec(
            select(User.email)
            .join(MailOptOut, MailOptOut.user_id == User.id)
            .where(User.email.in_(emails), MailOptOut.rule.in_([rule.key, "*"]))
        ).all()
    )
    return [e for e in emails if e not in opted]
