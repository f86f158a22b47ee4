"""Who may do what: the permission table as data, plus the separation-of-duties rules.

A grant is (role, facility code or None for every facility). An action is permitted when the
actor holds one of the action's roles for the facility concerned. Reads follow the same rule
with their own table (READS). docs/workflow.md prints both tables; a test keeps them equal.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import PermissionDenied, ReadRefused
from audit_engine.domain.rules.lifecycle import Role
from audit_engine.domain.words import N_, Phrase, said

A, CO, AU, MG, AO = (
    Role.ADMIN,
    Role.COMPLIANCE_OFFICER,
    Role.AUDITOR,
    Role.MANAGER,
    Role.ACTION_OWNER,
)

PERMISSIONS: dict[str, frozenset[Role]] = {
    "user.add": frozenset({A}),
    "user.edit": frozenset({A}),
    "facility.add": frozenset({A}),
    "facility.edit": frozenset({A}),
    "audit.plan": frozenset({A, CO}),
    "audit.start": frozenset({CO, AU}),
    "audit.submit": frozenset({AU}),
    "audit.return": frozenset({CO, MG}),
    "audit.approve": frozenset({CO, MG}),
    "audit.close": frozenset({CO}),
    "audit.cancel": frozenset({A, CO}),
    "answer.record": frozenset({AU}),
    "evidence.add": frozenset({AU, AO, MG}),
    "finding.confirm": frozenset({CO, AU}),
    "finding.dismiss": frozenset({CO, AU}),
    "action.add": frozenset({CO, AU, MG}),
    "action.reassign": frozenset({CO, MG}),
    "action.start": frozenset({AO, MG}),
    "action.implement": frozenset({AO, MG}),
    "action.verify": frozenset({CO, AU}),
    "action.reject": frozenset({CO, AU}),
    "risk.record": frozenset({CO, MG}),
    "risk.complete": frozenset({CO}),
    "risk.view": frozenset({A, CO, AU, MG}),
    "trail.rotate_key": frozenset({A}),
    "outbox.retry": frozenset({A, CO}),
}

# Roles a named person must hold (for the facility) to be put in charge of something.
LEAD_ROLES = frozenset({AU})
OWNER_ROLES = frozenset({AO, MG})


@dataclass(frozen=True)
class Grant:
    role: str
    facility: str | None = None  # None: every facility


def is_manager_of(grants: Iterable[Grant], facility: str | None) -> bool:
    """The one rule for "manager of a facility" (approve, return, escalations, digests).

    A person manages facility F when they are F's named manager (`facility add --manager`,
    which the grants list as the manager role for F) or hold the manager role granted for F
    (`user add --role manager --facility F`). A manager role granted without a facility
    manages no facility: managing is always of named facilities.
    """
    return facility is not None and any(g.role == MG and g.facility == facility for g in grants)


def managed_facilities(grants: Iterable[Grant]) -> set[str]:
    """Every facility the grants make their holder manager of (the same rule)."""
    grants = list(grants)
    return {g.facility for g in grants if g.facility and is_manager_of(grants, g.facility)}


def _covers(grant: Grant, facility: str | None) -> bool:
    if grant.role == MG:
        return is_manager_of([grant], facility)
    return grant.facility is None or grant.facility == facility


def holds(grants: Iterable[Grant], roles: Iterable[str], facility: str | None) -> bool:
    """`facility` None (user.add, facility.add: not about one facility) needs a role held for
    every facility; one limited to some facilities does not reach beyond them. The manager
    role counts only where its holder manages the facility (`is_manager_of`)."""
    wanted = set(roles)
    return any(g.role in wanted and _covers(g, facility) for g in grants)


def require(
    actor: Actor, grants: Iterable[Grant], action: str, facility: str | None = None
) -> None:
    """PermissionDenied naming the actor, action, facility and the roles that would do."""
    roles = PERMISSIONS[action]
    if holds(grants, roles, facility):
        return
    where = f" at facility {facility}" if facility else ""
    needed = " or ".join(sorted(roles))
    raise PermissionDenied(f"{actor} may not {action}{where}: needs role {needed}",
                           permission=action, facility=facility)


def require_role(
    person: str, grants: Iterable[Grant], roles: frozenset[Role], facility: str, duty: str
) -> None:
    if not holds(grants, roles, facility):
        raise PermissionDenied.said("%(person)s cannot be %(duty)s at %(facility)s: needs role "
                                    "%(needed)s", person=person, duty=duty, facility=facility,
                                    needed=either(roles))


# The roles' own names, marked: a page names the role a refusal needs in its reader's words.
ROLE_NAMES = (N_("admin"), N_("compliance_officer"), N_("auditor"), N_("manager"),
              N_("action_owner"))


def either(roles: Iterable[str]) -> str:
    """'auditor or compliance_officer' (sorted), said in the reader's words on a page."""
    names = sorted(str(r) for r in roles)
    text = names[0] if names else ""
    for name in names[1:]:
        text = said("%(one)s or %(other)s", one=text, other=name)
    return text


# ---- separation of duties ------------------------------------------------------------------


def require_not_submitter(person: str, submitted_by: str | None, audit_ref: str) -> None:
    if submitted_by and person == submitted_by:
        raise PermissionDenied(f"{person} submitted {audit_ref} and cannot approve it",
                               permission="audit.approve", duty="submitter")


def require_not_implementer(
    person: str, contributors: Iterable[str], action_ref: str
) -> None:
    """Separation of duties: whoever implemented an action or recorded evidence on it may not
    verify it."""
    if person in set(contributors):
        raise PermissionDenied(
            f"{person} implemented {action_ref} or recorded its evidence and cannot verify it"
            " (separation of duties)", permission="action.verify", duty="implementer"
        )


def require_owner_or_manager(
    person: str, owner: str | None, grants: Iterable[Grant], facility: str,
    action_ref: str,
) -> None:
    """Only the action's owner, or a manager of the facility, works on an action."""
    if person != owner and not is_manager_of(grants, facility):
        raise PermissionDenied(
            f"{person} is neither owner of {action_ref} nor manager of {facility}",
            facility=facility, duty="owner"
        )


# ---- reads -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Read:
    """Who may read something: the roles, held for the facility it is about (the same
    `holds` rule as writes), or for every facility when `everywhere` (it is about none)."""

    roles: frozenset[Role]
    what: str  # for messages: "may not read <what>"
    everywhere: bool = False


READS: dict[str, Read] = {
    # An audit and everything in it: answers, findings, corrective actions, evidence, its
    # trail events, its report. Everyone who works at the facility reads it (the action owner
    # fixes its findings; the manager approves it).
    "audit.read": Read(frozenset({A, CO, AU, MG, AO}), N_("audits")),
    # Every facility side by side, scores and overdue actions: those who steer the programme.
    "portfolio.read": Read(frozenset({A, CO, MG}), N_("the portfolio")),
    # Every e-mail sent or waiting: addresses and contents across all facilities.
    "outbox.read": Read(frozenset({A, CO}), N_("the outbox"), everywhere=True),
}


def may_read(grants: Iterable[Grant], read: str, facility: str | None) -> bool:
    rule = READS[read]
    return holds(grants, rule.roles, None if rule.everywhere else facility)


def readable_facilities(grants: Iterable[Grant], read: str) -> frozenset[str] | None:
    """The facilities whose `read` objects someone may read: None for every facility (a role
    of the read held without facility), else the facilities named by such grants (empty when
    none: they may read nothing). The manager role counts only where it manages."""
    rule, grants = READS[read], list(grants)
    if holds(grants, rule.roles, None):
        return None
    if rule.everywhere:
        return frozenset()
    return frozenset(g.facility for g in grants
                     if g.facility and holds(grants, rule.roles, g.facility))


def read_refusal(actor: Actor, read: str, facility: str | None, subject: str) -> Phrase:
    """One line naming who, what, where and the roles that would do."""
    rule = READS[read]
    who, needed = str(actor), either(rule.roles)
    if rule.everywhere:
        return said("%(who)s may not read %(what)s: needs role %(needed)s for every facility",
                    who=who, what=rule.what, needed=needed)
    if facility:
        return said("%(who)s may not read %(what)s: needs role %(needed)s at facility "
                    "%(facility)s", who=who, what=subject, needed=needed, facility=facility)
    return said("%(who)s may not read %(what)s: needs role %(needed)s at any facility",
                who=who, what=subject, needed=needed)


def require_read(
    actor: Actor, grants: Iterable[Grant], read: str, facility: str, subject: str,
    hidden: str | None = None,
) -> None:
    """ReadRefused naming the missing role and facility. The web and the API show it as not
    found (`hidden`, else `subject` not found), so ids of other facilities do not reveal they
    exist."""
    if not may_read(grants, read, facility):
        raise ReadRefused(read_refusal(actor, read, facility, subject),
                          hidden or said("%(subject)s not found", subject=subject))


def require_some_read(
    actor: Actor, grants: Iterable[Grant], read: str
) -> frozenset[str] | None:
    """The readable facilities, or PermissionDenied when there are none (a list refused
    outright rather than silently empty)."""
    scope = readable_facilities(grants, read)
    if scope == frozenset():
        refusal = read_refusal(actor, read, None, READS[read].what)
        raise PermissionDenied.said(refusal.message, **refusal.values)
    return scope


def visible_facilities(grants: Iterable[Grant]) -> frozenset[str] | None:
    """Which facilities' audits, findings, actions and evidence someone sees: the
    `audit.read` row of READS (None: every facility)."""
    return readable_facilities(grants, "audit.read")
