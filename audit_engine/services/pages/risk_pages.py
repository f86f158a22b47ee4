"""The risk pages read for the person in one call each: the overview with where they may open
an assessment, and one assessment with the work it shows and who may own its actions."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.services.pages.people_choices import Person, owners_at
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.risk.assessments import assessment_page, risk_overview
from audit_engine.services.risk.risk_work import RiskWork, openable_facilities, risk_work
from audit_engine.services.risk.views import FacilityAssessments, RiskPage


@dataclass(frozen=True)
class RiskOverview:
    facilities: tuple[FacilityAssessments, ...]
    openable: tuple[str, ...]  # where the reader may open an assessment


@dataclass(frozen=True)
class AssessmentShown:
    page: RiskPage
    work: RiskWork
    owners: tuple[Person, ...]  # who the action-plan form offers (none: no form)


def risk_overview_page(uow: UnitOfWork, clock: Clock, *, actor: Actor) -> RiskOverview:
    return RiskOverview(risk_overview(uow, clock, actor=actor),
                        openable_facilities(uow, actor=actor))


def assessment_shown(uow: UnitOfWork, clock: Clock, *, actor: Actor,
                     assessment: str) -> AssessmentShown:
    page = assessment_page(uow, clock, actor=actor, assessment=assessment)  # refuses first
    work = risk_work(uow, actor=actor, assessment=assessment)
    owners = (owners_at(uow, actor=actor, facility=page.assessment.facility) if page.may_plan
              else ())
    return AssessmentShown(page, work, owners)
