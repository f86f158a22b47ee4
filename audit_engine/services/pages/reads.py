"""What the read commands print, for the acting user: each read checks the read table first
(services/access.py), then loads what the unchecked building blocks load."""

from __future__ import annotations

from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import NotFound
from audit_engine.domain.rules.lifecycle import AuditId, FindingId
from audit_engine.services.access import reader_scope, require_audit_number, require_audit_read
from audit_engine.services.audits.listing import AuditSummary, page_audits
from audit_engine.services.audits.read_models import (
    ActionView,
    AuditShown,
    EvidenceView,
    FindingView,
)
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import EventView


def audits_for(
    uow: UnitOfWork, *, actor: Actor, state: str | None = None, facility: str | None = None
) -> list[AuditSummary]:
    """Every audit the actor may read, oldest first (all pages of `page_audits`)."""
    reader_scope(uow, actor=actor, read="audit.read", facility=facility)
    listed: list[AuditSummary] = []
    after = None
    while True:
        page = page_audits(uow, actor=actor, state=state, facility=facility, after=after,
                           limit=500)
        listed.extend(page.items)
        if page.next_after is None:
            return listed
        after = page.next_after


def actions_for(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId | None = None,
                overdue: bool = False) -> list[ActionView]:
    """What `action list` prints: corrective actions at the facilities the actor may read."""
    from audit_engine.services.actions.action_listing import visible_actions

    reader_scope(uow, actor=actor, read="audit.read")
    return visible_actions(uow, clock, actor=actor, audit=audit, overdue=overdue)


def audit_summary_for(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId) -> AuditShown:
    """What `audit show` prints."""
    from audit_engine.services.pages.dossier import show_audit

    return show_audit(uow, clock, require_audit_number(uow, actor=actor, ref=audit))


def findings_for(uow: UnitOfWork, *, actor: Actor, audit: AuditId) -> list[FindingView]:
    from audit_engine.services.review.findings import list_findings

    return list_findings(uow, require_audit_number(uow, actor=actor, ref=audit))


def evidence_for(uow: UnitOfWork, *, actor: Actor, audit: AuditId) -> list[EvidenceView]:
    from audit_engine.services.fieldwork.evidence import list_evidence

    return list_evidence(uow, require_audit_number(uow, actor=actor, ref=audit))


def trail_for(uow: UnitOfWork, *, actor: Actor, audit: AuditId) -> list[EventView]:
    """The audit's trail events, oldest first (`log show`)."""
    from audit_engine.services.trail import show_log

    return show_log(uow, require_audit_number(uow, actor=actor, ref=audit))


def dossier_for(uow: UnitOfWork, clock: Clock, *, actor: Actor, ref: AuditId | FindingId):
    """The whole dossier of the audit that `ref` (an audit or a finding) belongs to, for one
    who may read it: what the API's answers and finding reads show. -> AuditDossier"""
    from audit_engine.services.pages.dossier import audit_dossier

    number = require_audit_read(uow, actor=actor, kind=ref.kind, ref=ref)
    if number is None:  # a risk action-plan item: no audit, no dossier
        raise NotFound.said("%(kind)s %(ref)s has no audit", kind=ref.kind, ref=str(ref))
    return audit_dossier(uow, clock, number)


def audit_steps_for(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId):
    """The steps the workflow table has from the audit's state that the actor's roles take,
    each allowed now or not and why not (the same checks the step makes, without making it):
    what the audit page offers, `audit steps` prints and the API's GET .../transitions answers.
    -> tuple[TransitionOption, ...]"""
    from audit_engine.services.pages.audit_page import audit_page

    return audit_page(uow, clock, actor=actor, audit=audit).transitions


def planned_summary(uow: UnitOfWork, clock: Clock, catalogs, *, actor: Actor,
                    **plan: Any) -> AuditSummary:
    """An audit planned (`plan_audit`'s keywords) and its summary as the audits list shows
    it (the API's answer to planning)."""
    from audit_engine.services.planning.planning import plan_audit

    row = plan_audit(uow, clock, catalogs, actor=actor, **plan)
    return page_audits(uow, actor=actor, after=row.number - 1, limit=1).items[0]
