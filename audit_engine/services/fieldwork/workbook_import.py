"""The audit workbook in: check everything, report every problem at once, apply all or nothing.

Order: the file (size, container) before parsing; then the stamp (this audit, this checklist,
signature); then every row; then, against the database, who may answer, the audit's state,
conflicts and the evidence files named. Only when all of that passes are evidence files stored
(content-addressed, harmless if unused) and the answers written in one transaction, with one
trail event per changed answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import AuditEngineError
from audit_engine.domain.formats.workbook import (
    AnswerChange,
    Answered,
    SheetAnswer,
    WorkbookConflict,
    WorkbookRefused,
    cell,
    check_stamp,
    parse_sheet_rows,
    plan_changes,
    sort_problems,
)
from audit_engine.domain.rules.lifecycle import AuditId, AuditStatus, display_id
from audit_engine.domain.rules.permissions import require
from audit_engine.services.fieldwork.answers import require_status
from audit_engine.services.fieldwork.evidence import safe_name
from audit_engine.services.fieldwork.workbook_apply import NewFile, apply_workbook
from audit_engine.services.fieldwork.workbook_export import evidence_by_criterion
from audit_engine.services.lookup import actor_with_grants, audit_at_facility
from audit_engine.services.ports import EvidenceStore, UnitOfWork
from audit_engine.storage.queries.answers import answers_of

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class WorkbookImport:
    """What an import changed (or, with dry_run, would change)."""

    audit: str
    version: int  # the audit's version after the import
    changes: tuple[AnswerChange, ...]
    files: tuple[NewFile, ...]
    dry_run: bool


@dataclass(frozen=True)
class _Checked:
    ref: str
    changes: list[AnswerChange]
    files: list[NewFile]
    version: int


def import_workbook(uow: UnitOfWork, clock: Clock, store: EvidenceStore, *, key: bytes,
                    actor: Actor,
                    audit: AuditId,
                    path: Path,
                    evidence_dir: Path | None = None, dry_run: bool = False) -> WorkbookImport:
    answers, baseline = _read(Path(path), key, uow, audit)
    with uow.reading():
        checked = _check_against_audit(uow.session, store, actor, audit, (answers, baseline),
                                       evidence_dir, clock.now().date())
    ref = checked.ref
    if dry_run or not (checked.changes or checked.files):
        return WorkbookImport(ref, checked.version, tuple(checked.changes),
                              tuple(checked.files), dry_run)
    version = apply_workbook(uow, clock, store, actor=actor, audit=audit,
                             expected_version=checked.version, changes=checked.changes,
                             files=checked.files)
    return WorkbookImport(ref, version, tuple(checked.changes), tuple(checked.files), False)


def _read(path: Path, key: bytes, uow: UnitOfWork, audit: AuditId):
    """-> (the rows as answers, the signed baseline), or WorkbookRefused with every problem."""
    from audit_engine.spreadsheets.workbook_reader import check_workbook_file, read_audit_workbook

    try:
        check_workbook_file(path, MAX_WORKBOOK_BYTES)
        read = read_audit_workbook(path)
    except ValueError as exc:
        raise WorkbookRefused([f"{path.name}: {exc}"]) from None
    if read.stamp is None:
        raise WorkbookRefused(read.problems)
    with uow.reading():
        row, _ = audit_at_facility(uow.session, audit)
        ref, checklist_hash = display_id("audit", row.id), row.checklist_hash
    stamp_problems = check_stamp(read.stamp, read.signature, key, audit=ref,
                                 checklist_hash=checklist_hash)
    if stamp_problems:
        raise WorkbookRefused(stamp_problems)  # nothing else in it can be trusted
    answers, problems = parse_sheet_rows(read.rows, read.stamp.baseline)
    if problems or read.problems:
        raise WorkbookRefused(sort_problems(read.problems + problems))
    return answers, read.stamp.baseline


def _check_against_audit(session, store: EvidenceStore, actor: Actor, audit, sheet, evidence_dir,
                         today: date) -> _Checked:
    answers, baseline = sheet
    row, facility = audit_at_facility(session, audit)
    _, grants = actor_with_grants(session, actor)
    require(actor, grants, "answer.record", facility)
    require_status(row, AuditStatus.FIELDWORK, "answers are editable")
    current = {a.criterion_id: Answered(a.result, (a.note or "").strip())
               for a in answers_of(session, row.id)}
    changes, conflicts = plan_changes(answers, baseline, current)
    linked = evidence_by_criterion(session, row.id)
    files, problems = _new_files(store, answers, linked, evidence_dir, today)
    if problems:
        raise WorkbookRefused(sort_problems(problems))
    if conflicts:
        raise WorkbookConflict(display_id("audit", row.id), conflicts)
    return _Checked(display_id("audit", row.id), changes, files, row.version)


def _new_files(store: EvidenceStore, answers, linked, evidence_dir, today) -> tuple[list[NewFile],
               list[str]]:
    """Evidence names in the sheet not yet linked to the row's criterion: read from the dir."""
    files, problems = [], []
    for answer in answers:
        known = {name for name, _ in linked.get(answer.criterion, ())}
        for name in answer.evidence:
            if name in known:
                continue
            where = cell("evidence", answer.row)
            try:
                files.append(_evidence_file(store, name, answer, evidence_dir, today))
            except (AuditEngineError, ValueError) as exc:
                problems.append(f"{where}: {exc}")
    return files, problems


def _evidence_file(store: EvidenceStore, name: str, answer: SheetAnswer, evidence_dir: Path | None,
                   today: date) -> NewFile:
    if Path(name).name != name:
        raise ValueError(f"{name!r}: give a file name only, no folder")
    safe_name(Path(name))
    if evidence_dir is None:
        raise ValueError(f"{name} is new; give --evidence-dir with the file in it")
    path = Path(evidence_dir) / name
    if not path.is_file():
        raise ValueError(f"{name}: no such file in {evidence_dir}")
    store.check_size(path)
    valid = answer.valid_until
    if valid is not None and valid < today:
        raise ValueError(f"valid until {valid} is already past")
    return NewFile(answer.criterion, name, path, valid)
