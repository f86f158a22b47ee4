"""Audit programs: recurring audits defined in our tables, opened by the scheduler tick.

Each program period opens exactly one audit (unique key on audit.program_id + period). Opening
is idempotent and catches up: every opening date up to `now` that has no audit yet is opened,
oldest first, and `next_opening` only moves once its audit exists.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import AuditEngineError, Conflict, InvalidInput, NotFound
from audit_engine.domain.formats.inputs import is_ascii_number, parse_number_id
from audit_engine.domain.rules.entity_profiles import require_complete_profile
from audit_engine.domain.rules.permissions import LEAD_ROLES, holds, require
from audit_engine.domain.rules.reminders import (
    EVERY,
    check_start_month,
    first_opening,
    next_opening,
    period_of,
)
from audit_engine.services.administration.checklists import find_catalog
from audit_engine.services.calendar import fieldwork_window
from audit_engine.services.lookup import (
    actor_with_grants,
    email_of,
    facility_by_code,
    grants_of,
    user_by_email,
)
from audit_engine.services.planning.planning import plan_audit
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage.models.people import Facility, User
from audit_engine.storage.models.scheduling import AuditProgram
from audit_engine.storage.queries import programs as stored
from audit_engine.storage.queries.rows import all_rows

log = logging.getLogger("audit_engine.programs")


def add_program(
    uow: UnitOfWork,
    clock: Clock,
    catalogs,
    *,
    actor: Actor,
    facility: str,
    checklist: str,
    every: str = "quarter",
    start_month: int = 1,
    fieldwork_days: int = 3,
    lead: str | None = None,
    first_from: date | None = None,
    allow_partial_profile: bool = False,
) -> ProgramView:
    _check_schedule(every, start_month, fieldwork_days)
    catalog = _program_checklist(catalogs, checklist)
    with uow:
        session = uow.session
        user, grants = actor_with_grants(session, actor)
        place = facility_by_code(session, facility)
        require(actor, grants, "audit.plan", place.code)
        lead_user = _lead_auditor(session, lead or actor.email, place.code)
        _refuse_duplicate(session, place, checklist, every)
        require_complete_profile(catalog, place.entity_type, allow_partial_profile)
        starts_on = first_opening(first_from or clock.now().date(), start_month)
        program = AuditProgram(
            facility_id=place.id, checklist_id=checklist, every=every, start_month=start_month,
            fieldwork_days=fieldwork_days, lead_id=lead_user.id, starts_on=starts_on,
            allow_partial_profile=allow_partial_profile,
            next_opening=starts_on, created_by_id=user.id, created_at=clock.now(),
        )
        session.add(program)
        session.flush()
        view = program_view(session, program)
        append_event(uow, clock.now(), actor, "program.add", program_ref(program.id),
                     _jsonable(asdict(view)))
        uow.commit()
    return view


def _program_checklist(catalogs, checklist: str):
    """The newest version of a checklist id (NotFound when no version has that id)."""
    if checklist not in {c.id for c in catalogs}:
        raise NotFound.said("checklist %(checklist)r not found", checklist=checklist)
    return find_catalog(catalogs, checklist)


def _check_schedule(every: str, start_month: int, fieldwork_days: int) -> None:
    if every not in EVERY:
        raise InvalidInput.said("--every %(every)r is not one of: %(known)s", every=every,
                                known=", ".join(EVERY))
    check_start_month(start_month)
    if not 1 <= fieldwork_days <= 30:
        raise InvalidInput.said("fieldwork days %(days)s is outside 1-30", days=fieldwork_days)


def _lead_auditor(session, email: str, facility: str):
    """The lead must be one plan_audit accepts at opening time (an auditor at the facility),
    or every tick would fail to open the program's audit."""
    lead_user = user_by_email(session, email, "lead auditor")
    if not holds(grants_of(session, lead_user), LEAD_ROLES, facility):
        raise InvalidInput.said(
            "lead %(email)s is not an auditor at %(facility)s; choose a lead who is",
            email=lead_user.email, facility=facility
        )
    return lead_user


def _refuse_duplicate(session, facility: Facility, checklist: str, every: str) -> None:
    existing = stored.program_id_for(session, facility.id, checklist, every)
    if existing:
        raise Conflict.said(
            "facility %(code)s already has %(program)s for %(checklist)s every %(every)s",
            code=facility.code, program=program_ref(existing), checklist=checklist, every=every
        )


def set_paused(uow: UnitOfWork, clock: Clock, *, actor: Actor, program: int,
               paused: bool) -> ProgramView:
    with uow:
        session = uow.session
        row = _program(session, program)
        _, grants = actor_with_grants(session, actor)
        require(actor, grants, "audit.plan", session.get(Facility, row.facility_id).code)
        row.paused = paused
        session.add(row)
        append_event(
            uow,
            clock.now(),
            actor,
            "program.pause" if paused else "program.resume",
            program_ref(row.id),
            {},
        )
        uow.commit()
        return program_view(session, row)


def list_programs(uow: UnitOfWork) -> list[ProgramView]:
    with uow.reading():
        rows = all_rows(uow.session, AuditProgram)
        return [program_view(uow.session, row) for row in rows]


@dataclass(frozen=True)
class ProgramView:
    """A recurring audit as the CLI, the admin page and the API show it."""

    id: str  # P-<number>
    facility: str
    checklist: str
    every: str
    start_month: int
    fieldwork_days: int
    lead: str | None  # None: the lead's account is gone
    paused: bool
    next_opening: date
    allow_partial_profile: bool


def program_view(session, row: AuditProgram) -> ProgramView:
    return ProgramView(
        id=program_ref(row.id),
        facility=session.get(Facility, row.facility_id).code,
        checklist=row.checklist_id,
        every=row.every,
        start_month=row.start_month,
        fieldwork_days=row.fieldwork_days,
        lead=email_of(session, row.lead_id),
        paused=row.paused,
        next_opening=row.next_opening,
        allow_partial_profile=row.allow_partial_profile,
    )


def program_ref(number: int) -> str:
    return f"P-{number}"


def _program(session, ref: int | str) -> AuditProgram:
    raw = str(ref).strip().upper().removeprefix("P-")
    if not is_ascii_number(raw):
        raise NotFound.said("program %(ref)r not found (ids look like P-<number>)", ref=ref)
    row = session.get(AuditProgram, parse_number_id("program", raw))
    if row is None:
        raise NotFound.said("program %(ref)s not found", ref=ref)

    return row


def _jsonable(view: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in view.items()}


# ---- the tick's part ----------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenedAudits:
    """The tick's program step: audits opened, and programs that could not open theirs."""

    opened: int
    program_errors: int


def open_due_audits(new_uow, clock: Clock, catalogs, mail_domain: str) -> OpenedAudits:
    """Open every program period due by now (catching up after downtime). Errors in one
    program are logged and counted; the others go on."""
    today = clock.now().date()
    with new_uow().reading() as uow:
        due = stored.due_program_ids(uow.session, today)
    opened = program_errors = 0
    for program_id in due:
        try:
            opened += _catch_up(new_uow, clock, catalogs, program_id, mail_domain)
        except AuditEngineError as exc:
            program_errors += 1
            log.error("program P-%s: could not open its audit: %s", program_id, exc)
    return OpenedAudits(opened, program_errors)


def _catch_up(new_uow, clock: Clock, catalogs, program_id: int, mail_domain: str) -> int:
    opened, today = 0, clock.now().date()
    while True:
        with new_uow().reading() as uow:
            program = uow.session.get(AuditProgram, program_id)
            facility = uow.session.get(Facility, program.facility_id)
            planner = uow.session.get(User, program.created_by_id)
            lead = email_of(uow.session, program.lead_id)
        opening = program.next_opening
        if opening > today or program.paused:
            return opened
        period = period_of(opening)
        audit_id = _existing(new_uow, program.id, period)
        if audit_id is None:
            audit_id = _plan(new_uow, clock, catalogs, program, facility, planner, lead, period)
            opened += audit_id is not None
        with new_uow() as uow:
            if audit_id is not None:
                fieldwork_window.settle_new_audit(
                    uow, clock, audit_id, program, opening, mail_domain
                )
            row = uow.session.get(AuditProgram, program.id)
            row.next_opening = next_opening(opening)
            uow.session.add(row)
            uow.commit()


def _plan(new_uow, clock: Clock, catalogs, program, facility, planner, lead, period) -> int | None:
    try:
        audit = plan_audit(
            new_uow(),
            clock,
            catalogs,
            actor=Actor(planner.email, "scheduler"),
            facility=facility.code,
            checklist=program.checklist_id,
            period=period,
            lead=lead,
            due=_due(clock, period),
            program_id=program.id,
            allow_partial_profile=program.allow_partial_profile,
        )
    except Conflict as exc:  # planned by hand already, or by a concurrent tick
        log.info("program P-%s %s: %s", program.id, period, exc)
        return _existing(new_uow, program.id, period)
    log.info(
        "program P-%s: opened %s for %s %s",
        program.id,
        audit.id,
        facility.code,
        period,
    )
    return audit.number


def _existing(new_uow, program_id: int, period: str) -> int | None:
    with new_uow().reading() as uow:
        return stored.audit_id_for_period(uow.session, program_id, period)


def _due(clock: Clock, period: str) -> date:
    from audit_engine.domain.rules.lifecycle import parse_period

    return max(parse_period(period)[1], clock.now().date())
