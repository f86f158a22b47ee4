"""Who gets which message: an audit's team, a facility's manager, minus opt-outs."""

from __future__ import annotations

from collections.abc import Iterable

from audit_engine.domain.rules.lifecycle import Role
from audit_engine.domain.rules.reminders import Rule
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility, User
from audit_engine.storage.queries import role_holders as holders
from audit_engine.storage.queries.reminder_settings import opted_out_emails


def audit_team(session, audit: Audit) -> list[str]:
    """The lead and every auditor granted on this facility specifically."""
    emails = set()
    if audit.lead_id:
        lead = session.get(User, audit.lead_id)
        if lead and lead.active:
            emails.add(lead.email)
    rows = holders.active_holders_at(session, Role.AUDITOR.value, audit.facility_id)
    return sorted(emails | set(rows))


def facility_manager(session, facility_id: int) -> str | None:
    facility = session.get(Facility, facility_id)
    if facility is None or facility.manager_id is None:
        return None
    user = session.get(User, facility.manager_id)
    return user.email if user and user.active else None


def without_opt_outs(session, rule: Rule, emails: Iterable[str]) -> list[str]:
    """Mandatory rules reach everyone; the others skip users who opted out of them."""
    emails = sorted(set(e for e in emails if e))
    if rule.mandatory or not emails:
        return emails
    opted = opted_out_emails(session, emails, [rule.key, "*"])
    return [e for e in emails if e not in opted]
