"""A save in place on the fieldwork page: it writes and reads its category page back in one
transaction; and who changed a criterion when a save was stale."""

from __future__ import annotations

from datetime import date, datetime

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import NotFound
from audit_engine.domain.rules.lifecycle import AuditId, Result, display_id, parse_choice
from audit_engine.domain.words import said
from audit_engine.services.lookup import email_of
from audit_engine.services.pages.audit_page import read_audit_page
from audit_engine.services.pages.audit_page_models import CriterionLine
from audit_engine.services.pages.audit_visibility import load_visible_audit
from audit_engine.services.pages.criterion_rows import (
    criterion_line,
    evidence_by_criterion,
    pinned_catalog,
)
from audit_engine.services.pages.fieldwork_view import CategoryPage, criterion_on_page
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import fieldwork as reads


def save_answer(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId | int,
                criterion: str, result: str, note: str,
                expected_answered_at: datetime | None) -> tuple[CategoryPage, CriterionLine]:
    """Record an answer (as `answers.record_answer`) and read its category page as the save
    leaves it (progress, index, where next), in the same transaction: what a save in place
    sends back. Another facility's audit is NotFound; a stale `expected_answered_at` is
    StaleRecord."""
    from audit_engine.services.fieldwork.answers import write_answer

    result_value = parse_choice(Result, result, "result").value
    now = clock.now()
    with uow:
        loaded = load_visible_audit(uow.session, actor, audit)
        write_answer(uow, now, actor, loaded, criterion, result_value, note,
                     expected_answered_at)
        # After the write: the criteria and counts a save in place sends back show it.
        page = read_audit_page(uow.session, actor, loaded[0].id, now.date(),
                               acting=(loaded[2], loaded[3]), whole=False)
        uow.commit()
    return criterion_on_page(page, criterion)


def criterion_row(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId | int,
                  criterion: str) -> CriterionLine:
    """One criterion as the fieldwork list shows it: the answer, its evidence, and the
    criterion's text from the pinned checklist."""
    today = clock.now().date()
    with uow.reading():
        session = uow.session
        audit_row, _, _, _ = load_visible_audit(session, actor, audit)
        answer = reads.answer_row(session, audit_row.id, criterion.strip())
        if answer is None:
            raise NotFound.said("criterion %(criterion)r is not on the checklist of %(audit)s",
                                criterion=criterion, audit=display_id("audit", audit_row.id))
        return _criterion_shown(session, audit_row, answer.criterion_id, today)(answer)


def _criterion_shown(session, audit_row, criterion: str, today: date):
    """Reads the criterion's files and text now; returns what makes its row from an answer."""
    files = reads.evidence_rows(session, audit_row.id, criterion)
    items = tuple(evidence_by_criterion(audit_row, files, today).get(criterion, ()))
    catalog = pinned_catalog(session, audit_row.checklist_hash)
    return lambda answer: criterion_line(catalog, answer, items)


def answer_change(uow: UnitOfWork, *, actor: Actor, audit: AuditId | int, criterion: str) -> str:
    """Who changed a criterion's answer to what, for the message of a stale save."""
    from audit_engine.services.fieldwork.answers import answer_for

    with uow.reading():
        session = uow.session
        row, _, _, _ = load_visible_audit(session, actor, audit)
        answer = answer_for(session, row, criterion)
        who = email_of(session, answer.answered_by_id) or said("someone")
        when = (said("at %(time)s", time=answer.answered_at.strftime("%H:%M:%S UTC"))
                if answer.answered_at else said("just now"))
    result = (answer.result or "unanswered").replace("_", " ")  # a marked word: translated
    note = said(" with the note “%(note)s”", note=answer.note) if answer.note else ""
    return said("Not saved: %(who)s changed %(criterion)s %(when)s to %(result)s%(note)s. "
                "Reload to see it, then save again if yours should win.", who=who,
                criterion=criterion, when=when, result=result, note=note)


def stale_answer(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId,
                 criterion: str) -> tuple[str, CriterionLine]:
    """A save refused as stale: who changed the answer to what, and the criterion as it is."""
    return (answer_change(uow, actor=actor, audit=audit, criterion=criterion),
            criterion_row(uow, clock, actor=actor, audit=audit, criterion=criterion))
