"""Answer the rest of a category at once: every unanswered criterion, one trail event each."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, NotFound
from audit_engine.domain.formats.workbook import NEEDS_NOTE
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
from audit_engine.storage.queries.answers import answers_in_category


@dataclass(frozen=True)
class RestAnswered:
    audit: str
    category: str
    result: str
    criteria: tuple[str, ...]  # the criteria answered now, in checklist order
    version: int


@reads_first("audit", "audit")
def answer_rest(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId, category: str,
                result: str,
                note: str | None = None, expected_version: int | None = None) -> RestAnswered:
    """Set `result` on every unanswered criterion of `category`; answered ones stay as they are."""
    value = parse_choice(Result, result.strip().lower(), "result").value
    note = (note or "").strip()
    if value in NEEDS_NOTE and not note:
        raise InvalidInput(f"--rest {value} needs --note (the same note goes on every criterion)")
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"--note is longer than {MAX_NOTE} characters")
    category = category.strip()
    with uow:
        session = uow.session
        row, facility = audit_at_facility(session, audit, expected_version)
        user, grants = actor_with_grants(session, actor)
        require(actor, grants, "answer.record", facility)
        require_status(row, AuditStatus.FIELDWORK, "answers are editable")
        ref = display_id("audit", row.id)
        in_category = answers_in_category(session, row.id, category)
        if not in_category:
            raise NotFound.said("category %(category)r has no criteria on %(audit)s",
                                category=category, audit=ref)
        now, events = clock.now(), []
        for answer in (a for a in in_category if a.result is None):
            answer.result, answer.note = value, note
            answer.answered_by_id, answer.answered_at = user.id, now
            session.add(answer)
            payload = {"criterion": answer.criterion_id, "result": value, "note": note,
                       "source": "rest-of-category"}
            events.append(NewEvent(now, actor, "answer.record", ref, payload, row.id))
        if events:
            row.updated_at = now
            session.add(row)
            append_events(uow, events)
        uow.commit()
        answered = tuple((e.payload or {})["criterion"] for e in events)
        return RestAnswered(ref, category, value, answered, row.version)
