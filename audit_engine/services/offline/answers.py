"""An answer (or a note) given offline and sent later: applied as any answer, with the time it
was given on the device in the trail; or, when the criterion changed on the server after the
device read it, not applied and answered with what the server holds (who, when, what) for
the auditor to choose; or held with the reason when the audit has left fieldwork."""

from __future__ import annotations

from datetime import datetime

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    StaleRecord,
    TransitionNotAllowed,
)
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.languages.current import N_, error_text, gettext
from audit_engine.services.fieldwork.answers import answer_for, record_answer
from audit_engine.services.lookup import audit_by_ref, email_of
from audit_engine.services.offline.once import Sent, once, refused, request_text
from audit_engine.services.ports import UnitOfWork


def send_answer(uow: UnitOfWork, clock: Clock, *, actor: Actor, key: str, audit: str,
                criterion: str,
                fields: dict[str, str]) -> Sent:
    """`fields`: result, note, read_at (the answer's time as the device read it, blank when
    unanswered) and given_at (the device's time of the tap), as the device sent them."""
    request = request_text(f"answer {audit} {criterion}", fields)
    return once(uow, clock, actor=actor, key=key, request=request,
                run=lambda: _apply(uow, clock, actor, audit, criterion, fields))


def _apply(uow: UnitOfWork, clock: Clock, actor: Actor, audit: str, criterion: str,
           fields: dict[str, str]) -> Sent:
    try:
        read_at = device_time(fields.get("read_at", ""), "read_at", blank=True)
        given_at = device_time(fields.get("given_at", ""), "given_at")
        record_answer(uow, clock, actor=actor, audit=AuditId(audit), criterion=criterion,
                      result=fields.get("result", ""), note=fields.get("note", ""),
                      expected_answered_at=read_at, given_at=given_at)
    except StaleRecord:
        return Sent(409, {"outcome": "conflict", "server": server_answer(uow, audit, criterion)})
    except TransitionNotAllowed as moved:
        return Sent(409, {"outcome": "held", "reason": held_reason(uow, audit, moved)})
    except (InvalidInput, NotFound, PermissionDenied) as wrong:
        return refused(error_text(wrong))
    return Sent(200, {"outcome": "applied", **server_answer(uow, audit, criterion)})


def device_time(text: str, name: str, *, blank: bool = False) -> datetime | None:
    """A time the device sent (ISO 8601 with its offset); blank only where allowed."""
    if not text and blank:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput.said("%(name)s: not a time with its offset (%(text)r)", name=name,
                                text=text[:40]) from None
    if value.tzinfo is None:
        raise InvalidInput.said("%(name)s: the time needs its offset (%(text)r)", name=name,
                                text=text[:40])

    return value


def server_answer(uow: UnitOfWork, audit: str, criterion: str) -> dict[str, str | None]:
    """The criterion's answer on the server now: result, note, who gave it and when."""
    with uow.reading():
        session = uow.session
        answer = answer_for(session, audit_by_ref(session, AuditId(audit)), criterion)
        return {"result": answer.result, "note": answer.note or "",
                "by": email_of(session, answer.answered_by_id),
                "at": answer.answered_at.isoformat() if answer.answered_at else None}


def held_reason(uow: UnitOfWork, audit: str, moved: Exception) -> str:
    """Why an item waits: the audit is no longer in fieldwork (or another refusal of the
    workflow, said as it was)."""
    with uow.reading():
        status = audit_by_ref(uow.session, AuditId(audit)).status
    if status == "fieldwork":
        return error_text(moved)
    return gettext("the audit is now %(status)s: answers and photos can no longer be added",
                   status=gettext(STATUS_WORDS.get(status, status)))


# The offline sender's reasons go to the person's phone: in their language (the request's).
STATUS_WORDS = {"planned": N_("back in planning"), "review": N_("in findings review"),
                "remediation": N_("in remediation"), "closed": N_("closed"),
                "cancelled": N_("cancelled")}
