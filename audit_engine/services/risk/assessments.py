"""Risk assessment use cases: open, record a step, rate an item, plan an action, complete.

Every write is authorized for the facility, appends a trail event (`risk.*`, or `action.add`
for an action-plan item) and commits once. Action-plan items are corrective actions with an
owner and a due date, worked and verified through the usual action workflow.
"""

from __future__ import annotations

from datetime import date

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import Conflict, InvalidInput, ReadRefused
from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.domain.rules.permissions import (
    OWNER_ROLES,
    PERMISSIONS,
    holds,
    may_read,
    read_refusal,
    require,
    require_role,
)
from audit_engine.domain.rules.risk import ITEM_KINDS, RATINGS, require_complete
from audit_engine.domain.words import said
from audit_engine.services.lookup import (
    actor_with_grants,
    facility_by_code,
    grants_of,
    user_by_email,
)
from audit_engine.services.ports import EvidenceStore, UnitOfWork
from audit_engine.services.risk import records
from audit_engine.services.risk.views import (
    AssessmentLine,
    FacilityAssessments,
    FacilityRiskView,
    RiskAssessmentView,
    RiskPage,
    assessment_view,
    facility_risk_lines,
)
from audit_engine.services.trail import append_event
from audit_engine.storage.models.lifecycle import CorrectiveAction
from audit_engine.storage.models.people import Facility
from audit_engine.storage.models.risk import RiskAssessment, RiskItem
from audit_engine.storage.queries import risk as stored
from audit_engine.storage.queries.facilities import facilities_with_codes
from audit_engine.workflow.machines import start
from audit_engine.workflow.tables import ACTION

STEP_FIELDS = {"map": "cargo_flow", "documentation": "process"}
MAX_NAME = 200


def open_assessment(
    uow: UnitOfWork, clock: Clock, *, actor: Actor, facility: str, year: int | None = None
) -> RiskAssessmentView:
    """Start this year's (or `year`'s) assessment for a facility; one per facility and year."""
    now = clock.now()
    year = year or now.year
    if not 2000 <= year <= now.year + 1:
        raise InvalidInput.said("--year %(year)s is not between 2000 and %(last)s", year=year,
                                last=now.year + 1)
    with uow:
        session = uow.session
        place = facility_by_code(session, facility)
        user, grants = actor_with_grants(session, actor)
        require(actor, grants, "risk.record", place.code)
        if records.for_year(session, place.id, year) is not None:
            raise Conflict.said("facility %(facility)s already has a risk assessment for "
                                "%(year)s", facility=place.code, year=year)
        row = RiskAssessment(
            facility_id=place.id, year=year, created_by_id=user.id, created_at=now, updated_at=now
        )
        session.add(row)
        session.flush()
        ref = display_id("risk", row.id)
        append_event(uow, now, actor, "risk.open", ref, {"facility": place.code, "year": year})
        uow.commit()
        return assessment_view(session, row, now.date())


def record_step(uow: UnitOfWork, clock: Clock, *, actor: Actor, assessment: str, step: str,
                text: str):
    """Step 1 (`map`: cargo flow and business partners) or 5 (`documentation` of the process)."""
    if step not in STEP_FIELDS:
        raise InvalidInput.said("step %(step)r is not one of: %(known)s", step=step,
                                known=", ".join(STEP_FIELDS))
    if not text.strip():
        raise InvalidInput.said("--text must not be empty")
    with uow:
        session, now = uow.session, clock.now()
        row, code = records.open_for_write(session, assessment)
        grants = actor_with_grants(session, actor)[1]
        _require_seen(actor, grants, code, assessment)
        require(actor, grants, "risk.record", code)
        setattr(row, STEP_FIELDS[step], text.strip())
        row.updated_at = now
        session.add(row)
        payload = {"step": step, "text": text.strip()}
        append_event(uow, now, actor, "risk.step", display_id("risk", row.id), payload)
        uow.commit()
        return assessment_view(session, row, now.date())


def add_item(
    uow: UnitOfWork, clock: Clock, catalogs_msc, *, actor: Actor, assessment: str, kind: str,
    name: str,
    rating: str, criterion: str | None = None, note: str = "",
) -> RiskAssessmentView:  # fmt: skip
    """Step 2 (a threat) or 3 (a vulnerability, optionally measured against an MSC criterion),
    rated high, medium or low."""
    _check_item(kind, name, rating, criterion, catalogs_msc)
    with uow:
        session, now = uow.session, clock.now()
        row, code = records.open_for_write(session, assessment)
        user, grants = actor_with_grants(session, actor)
        _require_seen(actor, grants, code, assessment)
        require(actor, grants, "risk.record", code)
        item = RiskItem(
            assessment_id=row.id, kind=kind, name=name.strip(), rating=rating,
            criterion_id=criterion, note=note.strip(), added_by_id=user.id, added_at=now,
        )  # fmt: skip
        session.add(item)
        row.updated_at = now
        session.add(row)
        session.flush()
        payload = {"item": display_id("risk_item", item.id), "kind": kind, "name": item.name,
                   "rating": rating, "criterion": criterion}  # fmt: skip
        append_event(uow, now, actor, f"risk.{kind}", display_id("risk", row.id), payload)
        uow.commit()
        return assessment_view(session, row, now.date())


def _check_item(kind, name, rating, criterion, msc) -> None:
    if kind not in ITEM_KINDS:
        raise InvalidInput.said("kind %(kind)r is not one of: %(known)s", kind=kind,
                                known=", ".join(ITEM_KINDS))
    if rating not in RATINGS:
        raise InvalidInput.said("--rating %(rating)r is not one of: %(known)s", rating=rating,
                                known=", ".join(RATINGS))
    if not name.strip() or len(name.strip()) > MAX_NAME:
        raise InvalidInput.said("the name must be 1 to %(limit)s characters", limit=MAX_NAME)
    if criterion is not None and (msc is None or msc.criterion(criterion) is None):
        where = f"{msc.id}@{msc.version}" if msc else "the MSC catalog"
        raise InvalidInput.said("--criterion %(criterion)r is not a criterion of %(where)s",
                                criterion=criterion, where=where)


def add_plan_action(
    uow: UnitOfWork, clock: Clock, *, actor: Actor, assessment: str, owner: str, due: date,
    plan: str,
    item: str | None = None,
) -> RiskAssessmentView:  # fmt: skip
    """Step 4: an action-plan item, as a corrective action with an owner and a due date."""
    today = clock.now().date()
    if not plan.strip():
        raise InvalidInput.said("--plan must not be empty")
    if due < today:
        raise InvalidInput.said("due date %(due)s is before today (%(today)s)", due=due,
                                today=today)
    with uow:
        session, now = uow.session, clock.now()
        row, code = records.open_for_write(session, assessment)
        user, grants = actor_with_grants(session, actor)
        _require_seen(actor, grants, code, assessment)
        require(actor, grants, "action.add", code)
        person = user_by_email(session, owner, "action owner")
        require_role(person.email, grants_of(session, person), OWNER_ROLES, code, "action owner")
        item_id = records.item_of(session, row, item) if item else None
        action = CorrectiveAction(
            risk_assessment_id=row.id, risk_item_id=item_id, owner_id=person.id, due=due,
            plan=plan.strip(), created_by_id=user.id, created_at=now,
        )  # fmt: skip
        start(ACTION, action)
        session.add(action)
        row.updated_at = now
        session.add(row)
        session.flush()
        payload = {"risk_assessment": display_id("risk", row.id), "item": item,
                   "owner": person.email, "plan": action.plan, "due": due.isoformat()}  # fmt: skip
        append_event(uow, now, actor, "action.add", display_id("action", action.id), payload)
        uow.commit()
        return assessment_view(session, row, today)


def complete_assessment(uow: UnitOfWork, clock: Clock, store: EvidenceStore, *, actor: Actor,
                        assessment: str) -> RiskAssessmentView:
    """All five steps done: store the record as evidence and link it to 2.1 of open audits."""
    with uow:
        session, now = uow.session, clock.now()
        row, code = records.open_for_write(session, assessment)
        user, grants = actor_with_grants(session, actor)
        _require_seen(actor, grants, code, assessment)
        require(actor, grants, "risk.complete", code)
        ref = display_id("risk", row.id)
        require_complete(ref, assessment_view(session, row, now.date()).steps)
        row.status, row.assessed_on, row.completed_by_id = "completed", now.date(), user.id
        row.updated_at = now
        evidence = records.store_record(session, store, row, user.id, now)
        row.evidence_id = evidence.id
        session.add(row)
        linked = records.link_to_unsubmitted_audits(session, row, evidence, user.id, now)
        payload = {"assessed_on": now.date().isoformat(), "evidence": evidence.sha256,
                   "linked_audits": linked}  # fmt: skip
        append_event(uow, now, actor, "risk.complete", ref, payload)
        uow.commit()
        return assessment_view(session, row, now.date())


def show_assessment(uow: UnitOfWork, clock: Clock, *, actor: Actor,
                    assessment: str) -> RiskAssessmentView:
    return assessment_page(uow, clock, actor=actor, assessment=assessment).assessment


def assessment_page(uow: UnitOfWork, clock: Clock, *, actor: Actor, assessment: str) -> RiskPage:
    """One assessment, and whether the actor may add action-plan items to it (the web page
    offers the form only then)."""
    with uow.reading():
        session = uow.session
        row = records.by_ref(session, assessment)
        code = records.facility_code(session, row)
        grants = actor_with_grants(session, actor)[1]
        _require_seen(actor, grants, code, assessment)
        may_plan = row.status != "completed" and holds(grants, PERMISSIONS["action.add"], code)
        return RiskPage(assessment_view(session, row, clock.now().date()), may_plan)


def list_facility_risk(uow: UnitOfWork, clock: Clock, *, actor: Actor) -> tuple[FacilityRiskView,
                       ...]:
    """Every facility the actor may see: last completed assessment, next due, overdue."""
    with uow.reading():
        session = uow.session
        return facility_risk_lines(session, _visible(session, actor), clock.now().date())


def risk_overview(uow: UnitOfWork, clock: Clock, *, actor: Actor) -> tuple[FacilityAssessments,
                  ...]:
    """Every facility the actor may see: its risk status and all its assessments (the risk
    page and the API's list)."""
    with uow.reading():
        session = uow.session
        facilities = _visible(session, actor)
        lines = facility_risk_lines(session, facilities, clock.now().date())
        by_facility: dict[int, list[AssessmentLine]] = {f.id: [] for f in facilities}
        for number, facility_id, year, status, assessed_on in stored.assessments_at(
            session, by_facility
        ):
            line = AssessmentLine(display_id("risk", number), year, status, assessed_on)
            by_facility[facility_id].append(line)
        return tuple(FacilityAssessments(line, tuple(by_facility[f.id]))
                     for f, line in zip(facilities, lines, strict=True))


def _require_seen(actor: Actor, grants, code: str, ref: str) -> None:
    """An assessment of a facility the actor holds no role at does not exist for them (404 on
    the web and the API, like every other object of another facility; the CLI names the
    missing role). Someone of the facility without the risk role is refused (403)."""
    if not may_read(grants, "audit.read", code):
        refusal = read_refusal(actor, "audit.read", code, f"risk assessment {ref}")
        raise ReadRefused(refusal, said("risk assessment %(ref)s not found", ref=ref))
    require(actor, grants, "risk.view", code)


def _visible(session, actor: Actor) -> list[Facility]:
    grants = actor_with_grants(session, actor)[1]
    return [f for f in facilities_with_codes(session)
            if holds(grants, PERMISSIONS["risk.view"], f.code)]
