"""Recording many answers of one audit in one transaction: all of them or none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.domain.rules.guards import refuse_unjustified
from audit_engine.domain.rules.lifecycle import (
    AuditId,
    AuditStatus,
    Result,
    display_id,
    parse_choice,
)
from audit_engine.domain.rules.permissions import require
from audit_engine.services.access import reads_first
from audit_engine.services.fieldwork.answers import MAX_NOTE, require_status
from audit_engine.services.lookup import actor_with_grants, audit_at_facility
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import NewEvent, append_events
from audit_engine.storage.queries.answers import answers_of


@dataclass(frozen=True)
class BulkAnswer:
    criterion: str
    result: str
    note: str | None = None


@dataclass(frozen=True)
class AnswersRecorded:
    audit: str
    version: int
    recorded: int


@reads_first("audit", "audit")
def record_answers(
    uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId | int,
    answers: Sequence[BulkAnswer],
    expected_version: int | None = None,
) -> AnswersRecorded:
    """Like `record_answer` for each change, in order, as one write (one version bump)."""
    checked = _checked(answers)
    with uow:
        session = uow.session
        row, facility_code = audit_at_facility(session, audit, expected_version)
        user, grants = actor_with_grants(session, actor)
        require(actor, grants, "answer.record", facility_code)
        require_status(row, AuditStatus.FIELDWORK, "answers are editable")
        ref = display_id("audit", row.id)
        by_criterion = {a.criterion_id: a for a in answers_of(session, row.id)}
        now = clock.now()
        events = []
        for change in checked:
            answer = by_criterion.get(change.criterion)
            if answer is None:
                raise NotFound.said("criterion %(criterion)r is not on the checklist of %(audit)s",
                                    criterion=change.criterion, audit=ref)
            refuse_unjustified(change.criterion, change.result,
                               answer.note if change.note is None else change.note)
            answer.result, answer.answered_by_id, answer.answered_at = change.result, user.id, now
            if change.note is not None:
                answer.note = change.note
            session.add(answer)
            payload = {"criterion": change.criterion, "result": change.result, "note": answer.note}
            events.append(NewEvent(now, actor, "answer.record", ref, payload, row.id))
        row.updated_at = now
        session.add(row)
        append_events(uow, events)
        uow.commit()
        return AnswersRecorded(ref, row.version, len(checked))


def _checked(answers: Sequence[BulkAnswer]) -> list[BulkAnswer]:
    if not answers:
        raise InvalidInput("answers: give at least one")
    checked = []
    for i, change in enumerate(answers):
        result = parse_choice(Result, change.result, f"answers[{i}].result").value
        if change.note is not None and len(change.note) > MAX_NOTE:
            raise InvalidInput(f"answers[{i}].note: longer than {MAX_NOTE} characters")
        checked.append(BulkAnswer(change.criterion.strip(), result, change.note))
    return checked
