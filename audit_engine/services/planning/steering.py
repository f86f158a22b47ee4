"""Steering a planned audit, and what the planning form offers.

`change_plan` moves a planned audit's due date, lead auditor or team (the planner's rules: the
`audit.plan` permission, a due date not in the past, a lead and team who hold the auditor role
at the facility); once fieldwork starts the plan is fixed. `plan_choices` lists what the
planning form offers the acting user: the facilities they may plan for, each checklist with
its profile status per entity type, the periods around today, and the people who may lead or
join the team.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, TransitionNotAllowed
from audit_engine.domain.rules.catalog import Catalog
from audit_engine.domain.rules.entity_profiles import complete_profile
from audit_engine.domain.rules.lifecycle import AuditId, AuditStatus, display_id
from audit_engine.domain.rules.permissions import (
    LEAD_ROLES,
    PERMISSIONS,
    Grant,
    holds,
    require,
    require_role,
)
from audit_engine.services.lookup import (
    actor_with_grants,
    audit_at_facility,
    email_of,
    grants_of,
    user_by_email,
)
from audit_engine.services.planning.team import checked_team
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage.queries.teams import replace_team
from audit_engine.storage.queries.teams import team_emails as team_emails_of


@dataclass(frozen=True)
class PlanChanged:
    audit: str
    due: date
    lead: str
    changes: tuple[str, ...]  # "due", "lead", "team": what moved
    team: tuple[str, ...] = ()


def change_plan(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId,
                due: date | None = None,
                lead: str | None = None, team: Sequence[str] | None = None) -> PlanChanged:
    """A planned audit's new due date, lead and/or team (`team` None: unchanged, empty: no
    team); nothing written when nothing changes."""
    with uow:
        session = uow.session
        row, code = audit_at_facility(session, audit)
        ref = display_id("audit", row.id)
        _, grants = actor_with_grants(session, actor)
        require(actor, grants, "audit.plan", code)
        if row.status != AuditStatus.PLANNED:
            raise TransitionNotAllowed.said("%(ref)s is %(status)s: only a planned audit's due"
                                            " date, lead and team can change", ref=ref,
                                            status=row.status)
        before = _plan_of(session, row)
        _move_due(row, due, clock.now().date())
        if lead and lead.strip().lower() != before["lead"]:
            person = user_by_email(session, lead, "lead auditor")
            require_role(person.email, grants_of(session, person), LEAD_ROLES, code,
                         "lead auditor")
            row.lead_id = person.id
        lead_now = email_of(session, row.lead_id)
        members = before["team"] if team is None else team
        people = checked_team(session, members, code, lead_now or "")
        if sorted(p.email for p in people) != before["team"]:
            replace_team(session, row.id, [p.id for p in people], clock.now())
        after = _plan_of(session, row)
        changed = tuple(k for k in before if before[k] != after[k])
        if changed:
            row.updated_at = clock.now()
            session.add(row)
            append_event(uow, clock.now(), actor, "audit.replan", ref,
                         {"from": before, "to": after}, row.id)
            uow.commit()
        return PlanChanged(ref, row.due, after["lead"], changed, tuple(after["team"]))


def _plan_of(session, row) -> dict:
    """What a replan may change, as the trail records it."""
    return {"due": row.due.isoformat(), "lead": email_of(session, row.lead_id),
            "team": team_emails_of(session, row.id)}


def _move_due(row, due: date | None, today: date) -> None:
    if due is not None and due != row.due:
        if due < today:
            raise InvalidInput.said("due date %(due)s is in the past (today is %(today)s)",
                                    due=due, today=today)
        row.due = due


@dataclass(frozen=True)
class FacilityChoice:
    code: str
    name: str
    entity_type: str


@dataclass(frozen=True)
class ChecklistChoice:
    id: str
    version: str
    title: str
    complete_for: tuple[str, ...]  # entity types (of the offered facilities) with a complete
    partial_for: tuple[str, ...]  # profile, and those whose profile is partial


@dataclass(frozen=True)
class LeadChoice:
    email: str
    name: str
    facilities: tuple[str, ...] | None  # None: may lead at every facility


@dataclass(frozen=True)
class PlanChoices:
    facilities: tuple[FacilityChoice, ...]
    checklists: tuple[ChecklistChoice, ...]
    periods: tuple[str, ...]  # the current quarter first, then the next three, then the last
    leads: tuple[LeadChoice, ...]
    today: date


def plan_choices(uow: UnitOfWork, clock: Clock, catalogs: Iterable[Catalog], *,
                 actor: Actor) -> PlanChoices:
    from audit_engine.storage.queries.facilities import all_facilities
    from audit_engine.storage.queries.people import names_by_email

    today = clock.now().date()
    with uow.reading():
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        plannable = tuple(
            FacilityChoice(f.code, f.name, f.entity_type) for f in all_facilities(session)
            if holds(grants, PERMISSIONS["audit.plan"], f.code))
        held = _active_grants(session)
        names = names_by_email(session, held)
    codes = [f.code for f in plannable]
    leads = tuple(LeadChoice(email, names.get(email, email), _where(g, codes))
                  for email, g in sorted(held.items())
                  if any(holds(g, LEAD_ROLES, code) for code in codes))
    kinds = sorted({f.entity_type for f in plannable})
    checklists = tuple(_checklist(c, kinds) for c in catalogs)
    return PlanChoices(plannable, checklists, periods_around(today), leads, today)


def _active_grants(session) -> dict[str, list[Grant]]:
    """Every active user's grants by e-mail (a lead is never a named manager only)."""
    from audit_engine.storage.queries.role_holders import active_grant_rows

    grants: dict[str, list[Grant]] = {}
    for email, role, code in active_grant_rows(session):
        grants.setdefault(email, []).append(Grant(role, code))
    return grants


def _where(grants, codes: list[str]) -> tuple[str, ...] | None:
    if holds(grants, LEAD_ROLES, None):
        return None
    return tuple(code for code in codes if holds(grants, LEAD_ROLES, code))


def _checklist(catalog: Catalog, kinds: list[str]) -> ChecklistChoice:
    complete = tuple(k for k in kinds if _complete(catalog, k))
    return ChecklistChoice(catalog.id, catalog.version, catalog.title, complete,
                           tuple(k for k in kinds if k not in complete))


def _complete(catalog: Catalog, kind: str) -> bool:
    try:
        return complete_profile(catalog, kind)
    except Exception:  # noqa: BLE001 - an entity type the catalog does not declare: partial
        return False


def periods_around(today: date) -> tuple[str, ...]:
    """The current quarter, the next three, and the last one (a late re-audit)."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    shown = []
    for step in (0, 1, 2, 3, -1):
        y, q = divmod((year * 4 + quarter - 1) + step, 4)
        shown.append(f"{y}-Q{q + 1}")
    return tuple(shown)
