"""Writing a checked workbook: evidence files first (content-addressed), then every answer and
link in one transaction with its trail events. The audit must still be at the version the
checks saw; if anyone wrote in between, nothing is written (StaleRecord, exit 5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.formats.workbook import AnswerChange
from audit_engine.domain.rules.lifecycle import AuditId, AuditStatus, display_id
from audit_engine.domain.rules.permissions import require
from audit_engine.services.fieldwork.answers import require_status
from audit_engine.services.fieldwork.evidence import (
    evidence_payload,
    evidence_view,
    store_file_evidence,
)
from audit_engine.services.lookup import actor_with_grants, audit_at_facility
from audit_engine.services.ports import EvidenceStore, UnitOfWork
from audit_engine.services.trail import NewEvent, append_events
from audit_engine.storage.models.lifecycle import EvidenceLink
from audit_engine.storage.queries.answers import answers_to
from audit_engine.storage.queries.evidence import criteria_linked_to

SOURCE = "workbook"


@dataclass(frozen=True)
class NewFile:
    """An evidence file the workbook names for a criterion, read from --evidence-dir."""

    criterion: str
    name: str
    path: Path
    valid_until: date | None = None


def apply_workbook(uow: UnitOfWork, clock: Clock, store: EvidenceStore, *, actor: Actor,
                   audit: AuditId,
                   expected_version: int,
                   changes: list[AnswerChange], files: list[NewFile]) -> int:
    """Write it all or nothing; returns the audit's new version."""
    with uow:
        session = uow.session
        row, facility = audit_at_facility(session, audit, expected_version)
        user, grants = actor_with_grants(session, actor)
        require(actor, grants, "answer.record", facility)
        if files:
            require(actor, grants, "evidence.add", facility)
        require_status(row, AuditStatus.FIELDWORK, "answers are editable")
        now, ref = clock.now(), display_id("audit", row.id)
        events = _write_answers(session, row.id, changes, user.id, now, actor, ref)
        events += _write_files(session, store, row, files, user.id, now, actor, ref)
        row.updated_at = now
        session.add(row)
        append_events(uow, events)
        uow.commit()
        return row.version


def _write_answers(session, audit_id, changes, user_id, now, actor: Actor, ref) -> list[NewEvent]:
    wanted = {c.criterion: c for c in changes}
    rows = answers_to(session, audit_id, wanted)
    events = []
    for answer in sorted(rows, key=lambda a: wanted[a.criterion_id].row):
        after = wanted[answer.criterion_id].after
        answer.result, answer.note = after.result, after.note
        answer.answered_by_id, answer.answered_at = user_id, now
        session.add(answer)
        payload = {"criterion": answer.criterion_id, "result": after.result,
                   "note": after.note, "source": SOURCE}
        events.append(NewEvent(now, actor, "answer.record", ref, payload, audit_id))
    return events


def _write_files(session, store: EvidenceStore, audit, files, user_id, now, actor: Actor,
                 ref) -> list[NewEvent]:
    events = []
    for new in files:
        evidence = store_file_evidence(session, store, path=new.path,
                                       facility_id=audit.facility_id, user_id=user_id, now=now)
        if new.valid_until and evidence.added_at == now and evidence.valid_until is None:
            evidence.valid_until = new.valid_until
            session.add(evidence)
        if new.criterion not in criteria_linked_to(session, evidence.id, audit.id):
            session.add(EvidenceLink(evidence_id=evidence.id, audit_id=audit.id,
                                     criterion_id=new.criterion, linked_by_id=user_id,
                                     linked_at=now))
        payload = {**evidence_payload(evidence_view(evidence, [new.criterion])),
                   "source": SOURCE}
        events.append(NewEvent(now, actor, "evidence.add", ref, payload, audit.id))
    return events
