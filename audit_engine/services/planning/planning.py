"""Planning audits and reading them back. Transitions live in services/audit_flow.py."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import Conflict, InvalidInput, NotFound
from audit_engine.domain.rules.catalog import Catalog
from audit_engine.domain.rules.entity_profiles import require_complete_profile
from audit_engine.domain.rules.lifecycle import AuditStatus, display_id, parse_period
from audit_engine.domain.rules.permissions import LEAD_ROLES, Grant, require, require_role
from audit_engine.domain.rules.risk import RISK_CRITERION
from audit_engine.domain.words import N_, said
from audit_engine.services.administration.checklists import find_catalog
from audit_engine.services.audits.read_models import AuditView, PlannedAudit
from audit_engine.services.lookup import (
    actor_with_grants,
    email_of,
    grants_of,
    user_by_email,
)
from audit_engine.services.planning.team import checked_team
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.risk.records import link_latest_assessments
from audit_engine.services.trail import NewEvent, append_events
from audit_engine.services.webhook_events import queue_from_trail
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility, User
from audit_engine.storage.queries.answers import insert_answers
from audit_engine.storage.queries.audits import insert_audits, live_audit_ids
from audit_engine.storage.queries.facilities import facilities_by_code
from audit_engine.storage.queries.teams import add_members
from audit_engine.storage.snapshots import pin_snapshot
from audit_engine.workflow.machines import initial_status
from audit_engine.workflow.tables import AUDIT


@dataclass(frozen=True)
class PlanRequest:
    facility: str  # code
    checklist: str  # catalog id
    period: str  # YYYY-Qn
    lead: str  # email
    due: date | None = None
    program_id: int | None = None
    allow_partial_profile: bool = False  # plan against a profile the catalog calls partial
    reaudit: bool = False  # a one-off second audit of a period whose audit is closed
    team: tuple[str, ...] = ()  # e-mails of the auditors working with the lead


def plan_audit(
    uow: UnitOfWork,
    clock: Clock,
    catalogs: Iterable[Catalog],
    *,
    actor: Actor,
    facility: str,
    checklist: str,
    period: str,
    lead: str,
    due: date | None = None,
    program_id: int | None = None,
    allow_partial_profile: bool = False,
    reaudit: bool = False,
    team: Sequence[str] = (),
) -> PlannedAudit:
    """Plan one audit (status planned) with one empty answer per applicable criterion; a
    partial entity profile is refused (PartialProfile) unless `allow_partial_profile`. A
    `reaudit` may follow a closed audit of the same facility, checklist and period; `team`
    names the auditors at the facility who work with the lead."""
    request = PlanRequest(facility, checklist, period, lead, due, program_id,
                          allow_partial_profile, reaudit, tuple(team))
    return plan_audits(uow, clock, catalogs, actor=actor, requests=[request])[0]


def plan_audits(
    uow: UnitOfWork, clock: Clock, catalogs: Iterable[Catalog], *, actor: Actor,
    requests: Sequence[PlanRequest]
) -> list[PlannedAudit]:
    """Plan several audits in one transaction (a quarter for many facilities): all or none.

    Every request is checked in order, as if planned one by one, against what a few queries
    fetched for the whole batch; then the audits, their answers and their trail events go in
    with one multi-row INSERT each."""
    catalogs = list(catalogs)
    today = clock.now().date()
    with uow:
        session = uow.session
        batch = _Batch(session, actor, catalogs, requests)
        drafts = [batch.check(request, today) for request in requests]
        pinned = {_key(c): c for c in (d.catalog for d in drafts)}
        hashes = {key: pin_snapshot(session, catalog) for key, catalog in pinned.items()}
        now = clock.now()
        planned = _insert_audits(session, drafts, hashes, batch.user.id, now)
        _insert_answers(session, drafts, planned)
        add_members(session, [(a.id, p.id) for d, a in zip(drafts, planned, strict=True)
                              for p in d.team], now)
        link_latest_assessments(session, _risk_links(drafts, planned), batch.user.id, now)
        records = append_events(
            uow, [_plan_event(d, a, actor, now) for d, a in zip(drafts, planned, strict=True)]
        )
        queue_from_trail(session, records)  # audit.opened to webhooks, same transaction
        uow.commit()
    return [_planned(d, a) for d, a in zip(drafts, planned, strict=True)]


@dataclass(frozen=True)
class _Draft:
    """A checked request: everything its audit row, answers and trail event need."""

    request: PlanRequest
    catalog: Catalog
    facility: Facility
    lead: User
    start: date
    end: date
    due: date
    answers: tuple[tuple[str, str, str], ...]  # (criterion, category, level) per criterion
    partial_profile: bool = False  # planned against a partial profile, as allowed
    team: tuple[User, ...] = ()


class _Batch:
    """What checking a batch of requests needs, fetched once: the actor and their grants, the
    facilities, the audits already planned for them, each lead auditor's grants."""

    def __init__(self, session, actor: Actor, catalogs: list[Catalog], requests) -> None:
        self.session, self.actor, self.catalogs = session, actor, catalogs
        self.user, self.grants = actor_with_grants(session, actor)
        self.facilities = facilities_by_code(session, {r.facility.strip() for r in requests})
        ids = [f.id for f in self.facilities.values()]
        self.existing: dict[tuple, int | None] = live_audit_ids(
            session, ids, {r.period for r in requests})
        self.leads: dict[str, tuple[User, list[Grant]]] = {}
        self.answer_rows: dict[tuple, tuple[tuple[str, str, str], ...]] = {}

    def check(self, request: PlanRequest, today: date) -> _Draft:
        """The checks of planning one audit, in the order they always ran."""
        catalog = find_catalog(self.catalogs, request.checklist)
        start, end = parse_period(request.period)
        due = request.due or end
        if due < today:
            raise InvalidInput.said("due date %(due)s is before planning (%(today)s)", due=due,
                                    today=today)
        facility = self.facilities.get(request.facility.strip())
        if facility is None:
            raise NotFound.said("facility %(code)r not found", code=request.facility)
        require(self.actor, self.grants, "audit.plan", facility.code)
        lead, lead_grants = self.lead(request.lead)
        require_role(lead.email, lead_grants, LEAD_ROLES, facility.code, N_("lead auditor"))
        team = tuple(checked_team(self.session, request.team, facility.code, lead.email))
        self.refuse_duplicate(facility, catalog.id, request.period, request.reaudit)
        answers = self.answers(catalog, facility.entity_type, start)
        if not answers:
            raise InvalidInput.said("checklist %(checklist)s has no criteria for %(kind)s",
                                    checklist=catalog.id, kind=facility.entity_type)
        partial = require_complete_profile(
            catalog, facility.entity_type, request.allow_partial_profile
        )
        return _Draft(request, catalog, facility, lead, start, end, due, answers, partial, team)

    def answers(self, catalog: Catalog, entity_type: str, start: date):
        """The criteria that apply, with the level in force on the period start (the same for
        every facility of a kind in a quarter: worked out once)."""
        key = (_key(catalog), entity_type, start)
        if key not in self.answer_rows:
            self.answer_rows[key] = tuple(
                (c.id, c.category, c.level_on(start)) for c in catalog.for_entity(entity_type)
            )
        return self.answer_rows[key]

    def lead(self, email: str) -> tuple[User, list[Grant]]:
        if email not in self.leads:
            user = user_by_email(self.session, email, "lead auditor")
            self.leads[email] = (user, grants_of(self.session, user))
        return self.leads[email]

    def refuse_duplicate(self, facility: Facility, checklist: str, period: str,
                         reaudit: bool = False) -> None:
        key = (facility.id, checklist, period)
        if key in self.existing:
            existing = self.existing[key]
            if reaudit and existing and _closed(self.session, existing):
                return  # a re-audit follows the closed audit of the period
            if reaudit and existing:
                raise Conflict.said("%(ref)s of %(facility)s %(period)s is not closed yet: a "
                                    "re-audit follows a closed audit",
                                    ref=display_id("audit", existing), facility=facility.code,
                                    period=period)
            already = (display_id("audit", existing) if existing
                       else said("an audit in this batch"))
            raise Conflict.said("facility %(facility)s already has %(already)s for %(checklist)s "
                                "%(period)s", facility=facility.code, already=already,
                                checklist=checklist, period=period)
        self.existing[key] = None  # planned by this batch


def _closed(session, audit_id: int) -> bool:
    return session.get(Audit, audit_id).status == AuditStatus.CLOSED


def _key(catalog: Catalog) -> tuple[str, str]:
    return catalog.id, catalog.version


def _insert_audits(session, drafts: list[_Draft], hashes, planner_id: int, now) -> list[Audit]:
    rows = [
        {
            "facility_id": d.facility.id,
            "entity_type": d.facility.entity_type,
            "period": d.request.period,
            "period_start": d.start,
            "period_end": d.end,
            "due": d.due,
            "status": initial_status(AUDIT),
            "lead_id": d.lead.id,
            "program_id": d.request.program_id,
            "checklist_id": d.catalog.id,
            "checklist_version": d.catalog.version,
            "checklist_hash": hashes[_key(d.catalog)],
            "planned_by_id": planner_id,
            "planned_at": now,
            "updated_at": now,
            "version": 1,
        }
        for d in drafts
    ]
    return insert_audits(session, rows)


def _insert_answers(session, drafts: list[_Draft], audits: list[Audit]) -> None:
    """One empty answer per applicable criterion, in one executemany."""
    rows = [
        (audit_id, criterion, category, level, "")
        for draft, audit_id in zip(drafts, [a.id for a in audits], strict=True)
        for criterion, category, level in draft.answers
    ]
    insert_answers(session, rows)


def _risk_links(drafts: list[_Draft], audits: list[Audit]) -> list[tuple[int, int]]:
    """(audit id, facility id) of the new audits that have criterion 2.1."""
    return [
        (audit.id, draft.facility.id)
        for draft, audit in zip(drafts, audits, strict=True)
        if any(criterion == RISK_CRITERION for criterion, _, _ in draft.answers)
    ]


def _planned(draft: _Draft, audit: Audit) -> PlannedAudit:
    return PlannedAudit(
        display_id("audit", audit.id), draft.facility.code, audit.period, audit.status,
        draft.lead.email, f"{audit.checklist_id}@{audit.checklist_version}", audit.due,
        audit.version, audit.id, audit.checklist_hash,
    )


def _plan_event(draft: _Draft, audit: Audit, actor: Actor, now) -> NewEvent:
    payload = {
        "facility": draft.facility.code,
        "checklist": f"{draft.catalog.id}@{draft.catalog.version}",
        "period": draft.request.period,
        "lead": draft.lead.email,
        "due": draft.due.isoformat(),
        "criteria": len(draft.answers),
        "program": draft.request.program_id,
        "checklist_hash": audit.checklist_hash,  # the pinned snapshot, held by `--deep`
    }
    if draft.partial_profile:
        payload["partial_profile"] = True
    if draft.request.reaudit:
        payload["reaudit"] = True
    if draft.team:
        payload["team"] = sorted(p.email for p in draft.team)
    return NewEvent(now, actor, "audit.plan", display_id("audit", audit.id), payload, audit.id)


# ---- reading -----------------------------------------------------------------------------------


def audit_view(session, audit: Audit) -> AuditView:
    return AuditView(**audit_fields(session, audit))


def audit_fields(session, audit: Audit) -> dict:
    """The AuditView fields of an audit (shared by the read models that extend it)."""
    return {
        "id": display_id("audit", audit.id),
        "facility": session.get(Facility, audit.facility_id).code,
        "period": audit.period,
        "status": audit.status,
        "lead": email_of(session, audit.lead_id),
        "checklist": f"{audit.checklist_id}@{audit.checklist_version}",
        "due": audit.due,
        "version": audit.version,
    }
