"""A program audit's fieldwork window: set when the tick opens the audit (with a calendar
invite to the team, and the previous audit's evidence carried forward), moved on request
(`program reschedule`: SEQUENCE goes up and the same invite UID is sent again).

Idempotent: settling an audit twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, time, timedelta

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.formats.times import wall_clock, zone_name
from audit_engine.domain.rules.lifecycle import AuditId, AuditStatus, display_id
from audit_engine.domain.rules.reminders import DEFAULT_RULES, fieldwork_window
from audit_engine.languages.catalogues import SOURCE as ENGLISH
from audit_engine.languages.wording import wording_for
from audit_engine.services.fieldwork.carry_forward import carry_evidence
from audit_engine.services.mail import outbox
from audit_engine.services.mail.calendar_text import invite_text
from audit_engine.services.mail.links import audit_path, link_for
from audit_engine.services.mail.recipients import audit_team, facility_managers
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility, User
from audit_engine.storage.models.scheduling import AuditProgram, FieldworkWindow

FIELDWORK_HOURS = (time(8, 0), time(17, 0))  # the facility's local time; invites carry UTC


def settle_new_audit(
    uow: UnitOfWork, clock: Clock, audit_id: int, program: AuditProgram, opening: date,
    mail_domain: str,
) -> None:
    session = uow.session
    audit = session.get(Audit, audit_id)
    if session.get(FieldworkWindow, audit_id) is None:
        start, end = fieldwork_window(opening, clock.now().date(), program.fieldwork_days)
        window = FieldworkWindow(
            audit_id=audit_id,
            starts_on=start,
            ends_on=end,
            ical_uid=f"audit-{audit_id}-fieldwork@{mail_domain}",
            sequence=0,
            updated_at=clock.now(),
        )
        session.add(window)
        session.flush()
        enqueue_invite(session, clock, audit, window, mail_domain)
        # Judged on the day the audit is opened: after downtime that is later than the
        # opening date, and evidence that lapsed in between no longer covers the fieldwork.
        valid_on = max(opening, clock.now().date())
        carry_evidence(uow, clock, audit, valid_on, program.created_by_id)


def enqueue_invite(session, clock: Clock, audit: Audit, window: FieldworkWindow,
                   domain: str) -> None:
    """A REQUEST with the window's UID and SEQUENCE; a moved window sends a higher one."""
    facility = session.get(Facility, audit.facility_id)
    attendees = sorted(set(audit_team(session, audit))
                       | set(facility_managers(session, audit.facility_id)))
    if not attendees:
        return
    lead = session.get(User, audit.lead_id) if audit.lead_id else None
    invite = _invite(audit, window, facility, attendees, lead)
    context = {
        "audit": display_id("audit", audit.id),
        "facility": facility.code,
        "facility_name": facility.name,
        "period": audit.period,
        "starts_on": window.starts_on.isoformat(),
        "ends_on": window.ends_on.isoformat(),
        "hours_from": f"{FIELDWORK_HOURS[0]:%H:%M}",  # at the facility, in its zone
        "hours_to": f"{FIELDWORK_HOURS[1]:%H:%M}",
        "time_zone": zone_name(facility.time_zone),
        "sequence": window.sequence,
        "lead": lead.email if lead else None,
        "link": link_for(session, attendees, facility.code, audit_path(audit.id)),
    }
    row = outbox.outbox_row(
        rule=DEFAULT_RULES["fieldwork_invite"].key,
        key=f"{display_id('audit', audit.id)}:seq{window.sequence}",
        recipients=attendees,
        template="fieldwork_invite",
        context=context,
        now=clock.now(),
        mail_domain=domain,
        invite=invite,
    )
    outbox.enqueue(session, [row])


def _invite(audit: Audit, window: FieldworkWindow, facility, attendees: list[str], lead) -> dict:
    """The iCalendar REQUEST's fields: the window's UID and SEQUENCE, its days (working hours
    at the facility, written in UTC), who attends."""
    zone = facility.time_zone
    words = {"facility": facility.code, "period": audit.period,
             "audit": display_id("audit", audit.id), "checklist": audit.checklist_id}
    summary, description = invite_text(words, wording_for(ENGLISH))
    return {
        "uid": window.ical_uid,
        "sequence": window.sequence,
        "starts_at": wall_clock(window.starts_on, FIELDWORK_HOURS[0], zone).isoformat(),
        "ends_at": wall_clock(window.ends_on, FIELDWORK_HOURS[1], zone).isoformat(),
        "summary": summary, "description": description,  # English; sent in the reader's
        "words": words,  # language from these (outbox.build_mail)
        "location": facility.name,
        "attendees": attendees,
        "organizer": lead.email if lead else None,
    }


@dataclass(frozen=True)
class MovedFieldwork:
    audit: str  # A-<number>
    starts_on: str  # ISO dates, as the trail records them
    ends_on: str
    sequence: int  # the invite's SEQUENCE after the move


def move_fieldwork(
    uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId, starts_on: date,
    days: int | None, mail_domain: str
) -> MovedFieldwork:
    """Move an audit's fieldwork window: SEQUENCE goes up and a new invite (same UID) is sent."""
    from audit_engine.domain.rules.permissions import require
    from audit_engine.services.lookup import actor_with_grants, audit_by_ref, facility_of

    with uow:
        session = uow.session
        row = audit_by_ref(session, audit)
        _, grants = actor_with_grants(session, actor)
        require(actor, grants, "audit.plan", facility_of(session, row).code)
        window = _movable_window(session, row, starts_on, clock.now().date())
        length = days or (window.ends_on - window.starts_on).days + 1
        window.starts_on, window.ends_on = starts_on, starts_on + timedelta(days=length - 1)
        window.sequence += 1
        window.updated_at = clock.now()
        session.add(window)
        session.flush()
        enqueue_invite(session, clock, row, window, mail_domain)
        view = MovedFieldwork(display_id("audit", row.id), window.starts_on.isoformat(),
                              window.ends_on.isoformat(), window.sequence)
        append_event(
            uow, clock.now(), actor, "audit.fieldwork_moved", view.audit, asdict(view), row.id
        )
        uow.commit()
    return view


def _movable_window(session, row, starts_on: date, today: date) -> FieldworkWindow:
    """The audit's window, when it may move to `starts_on`; else the refusal."""
    from audit_engine.domain.errors import InvalidInput, NotFound, TransitionNotAllowed

    if row.status in (AuditStatus.CLOSED, AuditStatus.CANCELLED):
        raise TransitionNotAllowed.said("%(audit)s is %(status)s: its fieldwork cannot be moved",
                                        audit=display_id("audit", row.id), status=row.status)
    window = session.get(FieldworkWindow, row.id)
    if window is None:
        raise NotFound.said("%(audit)s has no fieldwork window (only program audits get one)",
                            audit=display_id("audit", row.id))
    if starts_on < today:
        raise InvalidInput.said("fieldwork start %(day)s is in the past", day=starts_on)
    return window
