"""Read models of risk assessments, and the reads every page, report and command shares."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from audit_engine.domain.formats.labels import risk_action_label, risk_item_phrase
from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.domain.rules.overdue import is_overdue
from audit_engine.domain.rules.risk import RatedItem, assessment_overdue, next_due, step_states
from audit_engine.storage.models.lifecycle import CorrectiveAction
from audit_engine.storage.models.people import Facility
from audit_engine.storage.models.risk import RiskAssessment, RiskItem
from audit_engine.storage.queries import risk as stored
from audit_engine.storage.queries.people import emails_by_id


@dataclass(frozen=True)
class StepView:
    key: str
    title: str
    done: bool
    missing: str


@dataclass(frozen=True)
class RiskItemView:
    id: str  # RI-<n>
    kind: str
    name: str
    rating: str
    criterion: str | None
    note: str
    actions: tuple[str, ...]  # CA-<n> of the action-plan items addressing it


@dataclass(frozen=True)
class PlanActionView:
    id: str  # CA-<n>
    item: str | None
    owner: str
    due: date
    status: str
    overdue: bool
    plan: str


@dataclass(frozen=True)
class RiskAssessmentView:
    id: str  # RA-<n>
    facility: str
    year: int
    status: str
    assessed_on: date | None
    next_due: date | None
    cargo_flow: str
    process: str
    steps: tuple[StepView, ...]
    items: tuple[RiskItemView, ...]
    actions: tuple[PlanActionView, ...]
    ratings: tuple[tuple[str, int], ...]  # (rating, count) over threats and vulnerabilities
    evidence: str | None  # E-<n> of the stored record, once completed


@dataclass(frozen=True)
class FacilityRiskView:
    """The portfolio line: when the facility last completed an assessment, and whether the next
    one is overdue (older than a year, or none yet)."""

    facility: str
    latest: str | None
    last_assessed: date | None
    next_due: date | None
    overdue: bool


@dataclass(frozen=True)
class AssessmentLine:
    id: str  # RA-<n>
    year: int
    status: str  # open | completed
    assessed_on: date | None


@dataclass(frozen=True)
class FacilityAssessments:
    """A facility's risk status (the portfolio line) and every assessment it has had."""

    risk: FacilityRiskView
    assessments: tuple[AssessmentLine, ...]


@dataclass(frozen=True)
class RiskPage:
    assessment: RiskAssessmentView
    may_plan: bool  # open, and the viewer may add action-plan items at its facility


def assessment_view(session, row: RiskAssessment, today: date) -> RiskAssessmentView:
    items = stored.items_of(session, row.id)
    actions = stored.plan_actions(session, row.id)
    per_item = Counter(a.risk_item_id for a in actions if a.risk_item_id)
    steps = step_states(
        row.cargo_flow, [RatedItem(i.id, i.kind, i.rating) for i in items], per_item, row.process
    )
    owners = emails_by_id(session, [a.owner_id for a in actions])
    ratings = Counter(i.rating for i in items)
    return RiskAssessmentView(
        id=display_id("risk", row.id),
        facility=session.get(Facility, row.facility_id).code,
        year=row.year,
        status=row.status,
        assessed_on=row.assessed_on,
        next_due=next_due(row.assessed_on) if row.assessed_on else None,
        cargo_flow=row.cargo_flow,
        process=row.process,
        steps=tuple(StepView(s.key, s.title, s.done, s.missing) for s in steps),
        items=tuple(_item_view(i, actions) for i in items),
        actions=tuple(_action_view(a, owners, today) for a in actions),
        ratings=tuple((r, ratings.get(r, 0)) for r in ("high", "medium", "low")),
        evidence=display_id("evidence", row.evidence_id) if row.evidence_id else None,
    )


def _item_view(item: RiskItem, actions: list[CorrectiveAction]) -> RiskItemView:
    return RiskItemView(
        id=display_id("risk_item", item.id),
        kind=item.kind,
        name=item.name,
        rating=item.rating,
        criterion=item.criterion_id,
        note=item.note,
        actions=tuple(display_id("action", a.id) for a in actions if a.risk_item_id == item.id),
    )


def _action_view(action: CorrectiveAction, owners: dict, today: date) -> PlanActionView:
    return PlanActionView(
        id=display_id("action", action.id),
        item=display_id("risk_item", action.risk_item_id) if action.risk_item_id else None,
        owner=owners.get(action.owner_id, ""),
        due=action.due,
        status=action.status,
        overdue=is_overdue(action.status, action.due, today),
        plan=action.plan,
    )


def risk_action_label_of(session, action: CorrectiveAction) -> str:
    """`RA-2 · Risk assessment 2026, action plan for threat "Cargo theft" (high)`."""
    row = session.get(RiskAssessment, action.risk_assessment_id)
    item = session.get(RiskItem, action.risk_item_id) if action.risk_item_id else None
    phrase = risk_item_phrase(item.kind, item.name, item.rating) if item else ""
    return risk_action_label(display_id("risk", row.id), row.year, phrase)


def facility_risk_lines(
    session, facilities: list[Facility], today: date
) -> tuple[FacilityRiskView, ...]:
    """Per facility: last completed assessment date, next due, overdue."""
    lines = []
    for facility in facilities:
        latest = stored.latest_completed(session, facility.id)
        assessed = latest.assessed_on if latest else None
        lines.append(
            FacilityRiskView(
                facility=facility.code,
                latest=display_id("risk", latest.id) if latest else None,
                last_assessed=assessed,
                next_due=next_due(assessed) if assessed else None,
                overdue=assessment_overdue(assessed, today),
            )
        )
    return tuple(lines)
