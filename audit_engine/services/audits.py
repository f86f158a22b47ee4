"""Planning audits and reading them back. Transitions live in services/audit_flow.py."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert
from sqlmodel import select

from audit_engine.domain.catalog import Catalog
from audit_engine.domain.errors import Conflict, InvalidInput, NotFound
from audit_engine.domain.lifecycle import AuditStatus, display_id, parse_choice, parse_period
from audit_engine.domain.permissions import LEAD_ROLES, require, require_role
from audit_engine.services.lookup import (
    actor_with_grants,
    email_of,
    facility_by_code,
    grants_of,
    user_by_email,
)
from audit_engine.services.trail import append_event
from audit_engine.storage.models.lifecycle import Answer, Audit
from audit_engine.storage.models.people import Facility


@dataclass(frozen=True)
class PlanRequest:
    facility: str  # code
    checklist: str  # catalog id
    period: str  # YYYY-Qn
    lead: str  # email
    due: date | None = None
    program_id: int | None = None


def plan_audit(
    uow,
    clock,
    catalogs: Iterable[Catalog],
    *,
    actor: str,
    facility: str,
    checklist: str,
    period: str,
    lead: str,
    due: date | None = None,
    program_id: int | None = None,
) -> Audit:
    """Plan one audit (status planned) with one empty answer per applicable criterion."""
    request = PlanRequest(facility, checklist, period, lead, due, program_id)
    return plan_audits(uow, clock, catalogs, actor=actor, requests=[request])[0]


def plan_audits(
    uow, clock, catalogs: Iterable[Catalog], *, actor: str, requests: Sequence[PlanRequest]
) -> list[Audit]:
    """Plan several audits in one transaction (a quarter for many facilities): all or none."""
    by_id = {c.id: c for c in catalogs}
    today = clock.now().date()
    snapshots: dict[str, dict] = {}
    planned = []
    with uow:
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        for request in requests:
            catalog = _catalog(by_id, request.checklist)
            snapshot = snapshots.setdefault(catalog.id, catalog.to_snapshot())
            audit = _plan_one(session, clock, today, actor, grants, catalog, snapshot, request)
            planned.append(audit)
        uow.commit()
    return planned


def _catalog(by_id: dict[str, Catalog], checklist: str) -> Catalog:
    if checklist not in by_id:
        known = ", ".join(sorted(by_id)) or "none loaded"
        raise NotFound(f"checklist {checklist!r} not found (known: {known})")
    return by_id[checklist]


def _plan_one(session, clock, today, actor, grants, catalog, snapshot, request) -> Audit:
    start, end = parse_period(request.period)
    due = request.due or end
    if due < today:
        raise InvalidInput(f"due date {due} is before planning ({today})")
    facility = facility_by_code(session, request.facility)
    require(actor, grants, "audit.plan", facility.code)
    lead = user_by_email(session, request.lead, "lead auditor")
    require_role(lead.email, grants_of(session, lead), LEAD_ROLES, facility.code, "lead auditor")
    _refuse_duplicate(session, facility, catalog.id, request.period)
    criteria = catalog.for_entity(facility.entity_type)
    if not criteria:
        raise InvalidInput(f"checklist {catalog.id} has no criteria for {facility.entity_type}")
    now = clock.now()
    audit = Audit(
        facility_id=facility.id,
        entity_type=facility.entity_type,
        period=request.period,
        period_start=start,
        period_end=end,
        due=due,
        status=AuditStatus.PLANNED.value,
        lead_id=lead.id,
        program_id=request.program_id,
        checklist_id=catalog.id,
        checklist_version=catalog.version,
        checklist_hash=snapshot["content_hash"],
        criteria_snapshot=snapshot,
        planned_by_id=_user_id(session, actor),
        planned_at=now,
        updated_at=now,
    )
    session.add(audit)
    session.flush()
    rows = [
        {
            "audit_id": audit.id,
            "criterion_id": c.id,
            "category": c.category,
            "level": c.level_on(start),
            "note": "",
        }
        for c in criteria
    ]
    session.execute(insert(Answer), rows)
    payload = {
        "facility": facility.code,
        "checklist": f"{catalog.id}@{catalog.version}",
        "period": request.period,
        "lead": lead.email,
        "due": due.isoformat(),
        "criteria": len(rows),
        "program": request.program_id,
    }
    append_event(
        session, now, actor, "audit.plan", display_id("audit", audit.id), payload, audit.id
    )
    return audit


def _refuse_duplicate(session, facility: Facility, checklist: str, period: str) -> None:
    existing = session.exec(
        select(Audit.id).where(
            Audit.facility_id == facility.id,
            Audit.checklist_id == checklist,
            Audit.period == period,
            Audit.status != AuditStatus.CANCELLED.value,
        )
    ).first()
    if existing:
        raise Conflict(
            f"facility {facility.code} already has {display_id('audit', existing)} "
            f"for {checklist} {period}"
        )


def _user_id(session, email: str) -> int:
    return user_by_email(session, email, "acting user").id


# ---- reading -----------------------------------------------------------------------------------


def audit_view(session, audit: Audit) -> dict[str, Any]:
    facility = session.get(Facility, audit.facility_id)
    return {
        "id": display_id("audit", audit.id),
        "facility": facility.code,
        "period": audit.period,
        "status": audit.status,
        "lead": email_of(session, audit.lead_id),
        "checklist": f"{audit.checklist_id}@{audit.checklist_version}",
        "due": audit.due,
        "version": audit.version,
    }


def list_audits(uow, *, state: str | None = None, facility: str | None = None) -> list[dict]:
    query = select(Audit).order_by(Audit.id)
    if state:
        query = query.where(Audit.status == parse_choice(AuditStatus, state, "state").value)
    with uow.reading():
        session = uow.session
        if facility:
            query = query.where(Audit.facility_id == facility_by_code(session, facility).id)
        return [audit_view(session, a) for a in session.exec(query).all()]
