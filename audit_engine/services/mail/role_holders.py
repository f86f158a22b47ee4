"""Who holds which role where, for many facilities at once: each facility's managers (by the
one rule, domain.permissions.is_manager_of), the facilities a person holds a role at (the
scope of their digest), and the people who may verify an action."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from audit_engine.domain.rules.lifecycle import Role
from audit_engine.domain.rules.permissions import Grant, is_manager_of
from audit_engine.storage.queries import role_holders as holders


def active_grants(session) -> dict[str, list[Grant]]:
    """Every active user's grants by e-mail, a named facility manager's included (as the
    manager role for that facility, as lookup.grants_of lists them)."""
    grants: dict[str, list[Grant]] = defaultdict(list)
    for email, role, code in holders.active_grant_rows(session):
        grants[email].append(Grant(role, code))
    for email, code in holders.active_named_managers(session):
        grants[email].append(Grant(Role.MANAGER.value, code))
    return dict(grants)


def managers_by_facility(grants: dict[str, list[Grant]], codes: Iterable[str]) -> dict:
    """{facility code: [manager e-mails]} by is_manager_of."""
    return {code: sorted(p for p, held in grants.items() if is_manager_of(held, code))
            for code in codes}


def facilities_in_scope(held: list[Grant], every_code: Iterable[str]) -> list[str]:
    """The facilities where a person holds any role: a role for every facility reaches all,
    the manager role only the facilities they manage (is_manager_of)."""
    codes = sorted(every_code)
    return [c for c in codes if any(
        is_manager_of([g], c) if g.role == Role.MANAGER else g.facility in (None, c)
        for g in held)]


def verifiers(grants: dict[str, list[Grant]], code: str, lead: str | None,
              implementer: str | None, audit_team: Iterable[str] = ()) -> list[str]:
    """Who verifies an implemented action at facility `code`: the audit's lead and team and
    the auditors granted for that facility, else the compliance officers; never the
    implementer."""
    team = {p for p, held in grants.items()
            if any(g.role == Role.AUDITOR and g.facility == code for g in held)}
    team |= {p for p in (lead, *audit_team) if p and p in grants}
    team.discard(implementer)
    if not team:
        team = set(officers(grants)) - {implementer}
    return sorted(team)


def officers(grants: dict[str, list[Grant]]) -> list[str]:
    return sorted(p for p, held in grants.items()
                  if any(g.role == Role.COMPLIANCE_OFFICER for g in held))
