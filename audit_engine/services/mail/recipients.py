"""Who gets which message: an audit's team, a facility's managers (the one rule,
domain.permissions.is_manager_of: the named manager and every holder of the manager role for
the facility), minus opt-outs."""

from __future__ import annotations

from collections.abc import Iterable

from audit_engine.domain.rules.lifecycle import Role
from audit_engine.domain.rules.reminders import Rule
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility, User
from audit_engine.storage.queries import role_holders as holders
from audit_engine.storage.queries.reminder_settings import opted_out_emails
from audit_engine.storage.queries.teams import team_emails


def audit_team(session, audit: Audit, *, lead_only: bool = False) -> list[str]:
    """The lead and the audit's team; an audit planned without a team: the lead and every
    auditor granted on this facility specifically."""
    emails = set()
    if audit.lead_id:
        lead = session.get(User, audit.lead_id)
        if lead and lead.active:
            emails.add(lead.email)
    if lead_only:
        return sorted(emails)
    picked = team_emails(session, audit.id, active_only=True)
    rows = picked or holders.active_holders_at(session, Role.AUDITOR.value, audit.facility_id)
    return sorted(emails | set(rows))


def facility_managers(session, facility_id: int) -> list[str]:
    """Every active manager of the facility by is_manager_of (named or by role)."""
    from audit_engine.services.mail.role_holders import active_grants, managers_by_facility

    facility = session.get(Facility, facility_id)
    if facility is None:
        return []
    return managers_by_facility(active_grants(session), [facility.code])[facility.code]


def managers_or_officers(grants, code: str) -> tuple[list[str], bool]:
    """The managers of facility `code` among `grants` (role_holders.active_grants); when it
    has none, the compliance officers instead (told so, rather than the message silently going
    to nobody). The flag says which."""
    from audit_engine.services.mail.role_holders import managers_by_facility, officers

    managers = managers_by_facility(grants, [code])[code]
    if managers:
        return managers, False
    return officers(grants), True


def without_opt_outs(session, rule: Rule, emails: Iterable[str]) -> list[str]:
    """Mandatory rules reach everyone; the others skip users who opted out of them."""
    emails = sorted(set(e for e in emails if e))
    if rule.mandatory or not emails:
        return emails
    opted = opted_out_emails(session, emails, [rule.key, "*"])
    return [e for e in emails if e not in opted]
