"""The audit workbook out: every criterion of an audit, its answer and evidence, signed.

The hidden stamp sheet carries the audit id, its version, the checklist hash and what each
answer was at export, signed with an HMAC whose key stays in the home (or settings), so an
import can tell another audit's, another checklist's or a tampered workbook, and can compare
three ways (export, workbook, database).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from audit_engine.domain.actor import Actor
from audit_engine.domain.formats.workbook import (
    Answered,
    BaselineRow,
    CriterionRow,
    Stamp,
    WorkbookContent,
    sign,
)
from audit_engine.domain.rules.lifecycle import AuditId, display_id
from audit_engine.domain.rules.permissions import require
from audit_engine.services.lookup import actor_with_grants, audit_at_facility
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage.models.lifecycle import Answer, Audit
from audit_engine.storage.queries.answers import answers_of
from audit_engine.storage.queries.evidence import linked_file_names

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class WorkbookFile:
    """A workbook ready to save or send: `data` is the XLSX file."""

    audit: str
    version: int
    criteria: int
    filename: str
    data: bytes
    media_type: str = XLSX_TYPE


def export_workbook(uow: UnitOfWork, *, key: bytes, actor: Actor, audit: AuditId) -> WorkbookFile:
    """The audit as a workbook to fill offline (auditors: `answer.record` at the facility)."""
    from audit_engine.spreadsheets.audit_workbook import write_audit_workbook

    with uow.reading():
        session = uow.session
        row, facility = audit_at_facility(session, audit)
        _, grants = actor_with_grants(session, actor)
        require(actor, grants, "answer.record", facility)
        rows = criterion_rows(session, row)
        ref = display_id("audit", row.id)
        stamp = Stamp(ref, row.version, row.checklist_hash, baseline_of(rows))
        title = f"{ref} {facility} {row.period} - {row.checklist_id} {row.checklist_version}"
    content = WorkbookContent(title, rows, stamp, sign(stamp, key))
    return WorkbookFile(ref, stamp.version, len(rows), f"{ref}-{facility}-{row.period}.xlsx",
                        write_audit_workbook(content))


def baseline_of(rows) -> tuple[BaselineRow, ...]:
    return tuple(BaselineRow(r.criterion, Answered(r.result, r.note).digest, r.evidence)
                 for r in rows)


def criterion_rows(session, audit: Audit) -> tuple[CriterionRow, ...]:
    """One row per answer, in checklist order grouped by category (snapshot order)."""
    snapshot = audit.criteria_snapshot
    criteria = {c["id"]: c for c in snapshot.get("criteria", ())}
    categories = {c["id"]: (i, c["name"]) for i, c in enumerate(snapshot.get("categories", ()))}
    answers = answers_of(session, audit.id)
    files = evidence_by_criterion(session, audit.id)
    ordered = sorted(answers, key=lambda a: (categories.get(a.category, (len(categories),))[0],
                                             a.id))
    return tuple(_row(a, criteria.get(a.criterion_id, {}), categories, files[a.criterion_id])
                 for a in ordered)


def _row(answer: Answer, criterion: dict, categories, files) -> CriterionRow:
    valid = [v for _, v in files if v is not None]
    return CriterionRow(
        criterion=answer.criterion_id, category=answer.category,
        category_name=categories.get(answer.category, (0, ""))[1],
        title=criterion.get("title", ""), level=answer.level,
        guidance=criterion.get("guidance", ""), questions=tuple(criterion.get("questions", ())),
        result=answer.result, note=(answer.note or "").strip(),
        evidence=tuple(name for name, _ in files), valid_until=min(valid) if valid else None)


def evidence_by_criterion(session, audit_id: int) -> dict[str, list[tuple[str, date | None]]]:
    """criterion -> [(original file name, valid until)] of the evidence linked to it."""
    rows = linked_file_names(session, audit_id)
    files: dict[str, list[tuple[str, date | None]]] = defaultdict(list)
    for criterion, name, valid_until in rows:
        if name not in (n for n, _ in files[criterion]):
            files[criterion].append((name, valid_until))
    return files
