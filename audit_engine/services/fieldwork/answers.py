"""Recording answers (fieldwork only) and reading scores."""

from __future__ import annotations

from datetime import datetime

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import NotFound, StaleRecord, TransitionNotAllowed
from audit_engine.domain.rules.guards import refuse_unjustified
from audit_engine.domain.rules.lifecycle import (
    AuditId,
    AuditStatus,
    Result,
    display_id,
    parse_choice,
)
from audit_engine.domain.rules.permissions import require, require_read
from audit_engine.domain.rules.scoring import Scorecard, ScoredAnswer, scorecard
from audit_engine.domain.words import said
from audit_engine.services.audits.read_models import AnswerRecorded, AnswerView
from audit_engine.services.lookup import actor_with_grants, audit_at_facility, check_version
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage.models.lifecycle import Answer, Audit
from audit_engine.storage.queries.answers import answer_to, answers_of
from audit_engine.workflow.tables import OPEN_WHILE

MAX_NOTE = 20_000


def require_status(audit: Audit, status: AuditStatus, what: str) -> None:
    if audit.status != status:
        ref = display_id("audit", audit.id)
        raise TransitionNotAllowed.said("%(what)s only in %(status)s; %(audit)s is %(now)s",
                                        what=what, status=status, audit=ref,
                                        now=audit.status)


def record_answer(
    uow: UnitOfWork,
    clock: Clock,
    *,
    actor: Actor,
    audit: AuditId,
    criterion: str,
    result: str,
    note: str | None = None,
    expected_version: int | None = None,
    expected_answered_at: datetime | None | bool = False,
    given_at: datetime | None = None,
) -> AnswerRecorded:
    """Set one criterion's result and note. Notes are stored exactly as given.

    `expected_answered_at` (the answer's time as the caller read it; None: unanswered) makes a
    save refused with StaleRecord when someone answered the criterion since. `given_at`: when
    the answer was given on a device that kept it offline (the trail keeps it beside the
    server's time, which stays the event's time)."""
    result_value = parse_choice(Result, result, "result").value
    with uow:
        session = uow.session
        row, facility_code = audit_at_facility(session, audit)
        user, grants = actor_with_grants(session, actor)
        # Who may not read the audit is told it is not found, before its version or rights
        # are judged: checked in the write's own transaction (not a read before it).
        require_read(actor, grants, "audit.read", facility_code,
                     f"audit {display_id('audit', row.id)}")
        check_version(row, expected_version)
        answer = write_answer(uow, clock.now(), actor, (row, facility_code, user, grants),
                              criterion, result_value, note, expected_answered_at, given_at)
        uow.commit()
        return AnswerRecorded(display_id("audit", row.id), answer.criterion_id, result_value,
                              answer.note, row.version)


def write_answer(uow: UnitOfWork, now: datetime, actor: Actor, loaded: tuple, criterion: str,
                 result_value: str, note: str | None,
                 expected_answered_at: datetime | None | bool = False,
                 given_at: datetime | None = None) -> Answer:
    """The write of `record_answer` inside the caller's transaction. `loaded` is what the
    caller read already: (audit row, its facility code, acting user, their grants)."""
    session = uow.session
    row, facility_code, user, grants = loaded
    require(actor, grants, "answer.record", facility_code)
    require_status(row, OPEN_WHILE["answer.record"][0], "answers are editable")
    answer = answer_for(session, row, criterion)
    if expected_answered_at is not False and answer.answered_at != expected_answered_at:
        raise StaleRecord(said("the answer to %(criterion)s", criterion=answer.criterion_id))
    refuse_unjustified(answer.criterion_id, result_value, answer.note if note is None else note)
    answer.result, answer.answered_by_id, answer.answered_at = result_value, user.id, now
    if note is not None:
        answer.note = note
    session.add(answer)
    row.updated_at = now  # bumps the audit version: a concurrent submit sees the change
    session.add(row)
    payload = {"criterion": answer.criterion_id, "result": result_value, "note": answer.note,
               **given_on_device(given_at)}
    append_event(uow, now, actor, "answer.record", display_id("audit", row.id), payload,
                 row.id)
    return answer


def given_on_device(given_at: datetime | None) -> dict[str, str]:
    """The trail payload's field for a change made offline: the device's time, as given."""
    return {} if given_at is None else {"given_on_device": given_at.isoformat()}


def answer_for(session, audit: Audit, criterion: str) -> Answer:
    answer = answer_to(session, audit.id, criterion.strip())
    if answer is None:
        ref = display_id("audit", audit.id)
        raise NotFound.said("criterion %(criterion)r is not on the checklist of %(audit)s",
                            criterion=criterion, audit=ref)
    return answer


def audit_scorecard(session, audit: Audit) -> Scorecard:
    answers = answers_of(session, audit.id)
    return scorecard(ScoredAnswer(a.criterion_id, a.category, a.level, a.result) for a in answers)


def list_answers(session, audit: Audit) -> list[AnswerView]:
    return [AnswerView(a.criterion_id, a.category, a.level, a.result, a.note, a.answered_at)
            for a in answers_of(session, audit.id)]
