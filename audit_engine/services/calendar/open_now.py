"""Open a programme's next audit now instead of on its opening date (a programme added in
December first opens in January; the officer need not wait). The acting officer plans it
with the programme's checklist, lead and fieldwork length; the programme then moves on to
the opening after."""

from __future__ import annotations

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import TransitionNotAllowed
from audit_engine.domain.rules.permissions import require
from audit_engine.domain.rules.reminders import next_opening, period_of
from audit_engine.services.audits.read_models import PlannedAudit
from audit_engine.services.calendar import fieldwork_window
from audit_engine.services.calendar.programs import _due, _program, program_ref
from audit_engine.services.lookup import actor_with_grants, email_of
from audit_engine.services.planning.planning import plan_audit
from audit_engine.storage.models.people import Facility
from audit_engine.storage.models.scheduling import AuditProgram


def open_next_now(new_uow, clock: Clock, catalogs, *, actor: Actor, program: str,
                  mail_domain: str) -> PlannedAudit:
    """Plan the programme's next period now; refused while paused or without `audit.plan`."""
    with new_uow().reading() as uow:
        row = _program(uow.session, program)
        code = uow.session.get(Facility, row.facility_id).code
        lead = email_of(uow.session, row.lead_id)
        _, grants = actor_with_grants(uow.session, actor)
        require(actor, grants, "audit.plan", code)
    if row.paused:
        raise TransitionNotAllowed.said("%(program)s is paused: resume it first",
                                        program=program_ref(row.id))
    if lead is None:
        raise TransitionNotAllowed.said("%(program)s has no lead auditor: set one first",
                                        program=program_ref(row.id))

    opening, period = row.next_opening, period_of(row.next_opening)
    planned = plan_audit(new_uow(), clock, catalogs, actor=actor, facility=code,
                         checklist=row.checklist_id, period=period, lead=lead,
                         due=_due(clock, period), program_id=row.id,
                         allow_partial_profile=row.allow_partial_profile)
    with new_uow() as uow:
        today = clock.now().date()
        fieldwork_window.settle_new_audit(uow, clock, planned.number, row,
                                          max(opening, today), mail_domain)
        stored = uow.session.get(AuditProgram, row.id)
        stored.next_opening = next_opening(opening)
        uow.session.add(stored)
        uow.commit()
    return planned
