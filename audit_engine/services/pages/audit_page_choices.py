"""The audit page with the choices its forms offer, read for the person in one call: who a
planned audit's planner may pick as lead, and who may own a review's corrective action."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.catalog import Catalog
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.services.pages.audit_page import audit_page
from audit_engine.services.pages.audit_page_models import AuditPage
from audit_engine.services.pages.people_choices import Person, owners_at
from audit_engine.services.planning.steering import PlanChoices, plan_choices
from audit_engine.services.ports import UnitOfWork

PLANNERS = frozenset({"admin", "compliance_officer"})


@dataclass(frozen=True)
class AuditPageChoices:
    page: AuditPage
    replan: PlanChoices | None  # None: no plan to change here (or not this reader's)
    owners: tuple[Person, ...]  # who the review's "add a corrective action" form offers


def audit_page_with_choices(uow: UnitOfWork, clock: Clock, catalogs: Iterable[Catalog], *,
                            actor: Actor,
                            audit: AuditId, reports: Any) -> AuditPageChoices:
    page = audit_page(uow, clock, actor=actor, audit=audit, reports=reports,
                      with_team=True)
    replan = None
    if page.audit.status == "planned" and PLANNERS & page.roles:
        replan = plan_choices(uow, clock, catalogs, actor=actor)
    owners: tuple[Person, ...] = ()
    if page.audit.status in ("review", "remediation") and page.findings:
        owners = owners_at(uow, actor=actor, facility=page.audit.facility)
    return AuditPageChoices(page, replan, owners)
