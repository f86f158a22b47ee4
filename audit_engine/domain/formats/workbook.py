"""The audit workbook's rules, pure: what a sheet row means, its signature, what an import changes
(normalising what auditors type, refusing what cannot be applied, with each problem said, the
three-way comparison of export, workbook and database), tested without files."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from audit_engine.domain.errors import Conflict, InvalidInput
from audit_engine.domain.words import N_, said

FORMAT = "audit-engine/workbook@1"
SHEET = "Criteria"
STAMP_SHEET = "audit-engine"
MAX_NOTE = 20_000
RESULTS = ("compliant", "partial", "non_compliant", "not_applicable")
# Marked: a problem naming the result ("non_compliant needs a note") words it on a page.
NEEDS_NOTE = (N_("partial"), N_("non_compliant"), N_("not_applicable"))
_ALIASES = {"n/a": "not_applicable", "na": "not_applicable", "noncompliant": "non_compliant",
            "non_conformant": "non_compliant", "ok": "compliant"}
_NAME_SPLIT = re.compile(r"[\n;]+")

# Column letters of the criteria sheet, in order (the header text is the second item).
COLUMNS = (("id", "ID"), ("category", "Category"), ("title", "Title"), ("level", "Level"),
           ("guidance", "Guidance"), ("questions", "Auditor questions"),
           ("result", "Result"), ("note", "Note"), ("evidence", "Evidence files"),
           ("valid_until", "Valid until"))
LETTER = {key: chr(ord("A") + i) for i, (key, _) in enumerate(COLUMNS)}
EDITABLE = ("result", "note", "evidence", "valid_until")


class WorkbookRefused(InvalidInput):
    """Every problem found in a workbook, each as `Sheet!C12: what is wrong`."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}")


class WorkbookConflict(Conflict):
    """Answers changed both in the workbook and in the audit since the export."""

    def __init__(self, audit: str, criteria: Sequence[str]) -> None:
        self.criteria = tuple(criteria)
        super().__init__(f"{audit}: {len(criteria)} answer(s) changed both in the workbook and "
                         f"in the audit since export: {', '.join(criteria)}")


@dataclass(frozen=True)
class Answered:
    """An answer as the export saw it, or as the database holds it now."""

    result: str | None
    note: str = ""

    @property
    def digest(self) -> str:
        return note_digest(self.result, self.note)


@dataclass(frozen=True)
class BaselineRow:
    """One criterion as exported: kept (signed) on the stamp sheet for the three-way merge."""

    criterion: str
    digest: str  # note_digest of the answer at export
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stamp:
    audit: str
    version: int
    checklist_hash: str
    baseline: tuple[BaselineRow, ...]

    def message(self) -> bytes:
        rows = [[r.criterion, r.digest, list(r.evidence)] for r in self.baseline]
        body = {"format": FORMAT, "audit": self.audit, "version": self.version,
                "checklist_hash": self.checklist_hash, "baseline": rows}
        return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def sign(stamp: Stamp, key: bytes) -> str:
    return hmac.new(key, stamp.message(), hashlib.sha256).hexdigest()


def note_digest(result: str | None, note: str) -> str:
    return hashlib.sha256(f"{result or ''}\n{(note or '').strip()}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class CriterionRow:
    """One criterion as the export writes it."""

    criterion: str
    category: str
    category_name: str
    title: str
    level: str
    guidance: str
    questions: tuple[str, ...]
    result: str | None
    note: str
    evidence: tuple[str, ...]
    valid_until: date | None


@dataclass(frozen=True)
class WorkbookContent:
    """Everything the workbook shows, and the signed stamp for its hidden sheet."""

    title: str
    rows: tuple[CriterionRow, ...]
    stamp: Stamp
    signature: str


@dataclass(frozen=True)
class SheetRow:
    """One criterion row as read from the sheet: text already trimmed, merges and formulas
    resolved. `row` is the sheet row number; values keep what the auditor typed."""

    row: int
    criterion: str
    result: str = ""
    note: str = ""
    evidence: str = ""
    valid_until: object = None  # a date, a text, or None


@dataclass(frozen=True)
class SheetAnswer:
    row: int
    criterion: str
    answer: Answered
    evidence: tuple[str, ...]
    valid_until: date | None


def cell(column: str, row: int, sheet: str = SHEET) -> str:
    return f"{sheet}!{LETTER.get(column, column)}{row}"


def normalise_result(text: str) -> str | None:
    """What an auditor typed -> a result value; '' -> None; unknown -> ValueError."""
    raw = " ".join(str(text).split()).lower()
    if not raw:
        return None
    raw = _ALIASES.get(raw, raw)
    value = raw.replace("-", "_").replace(" ", "_")
    value = _ALIASES.get(value.replace("_", ""), value)
    if value not in RESULTS:
        raise ValueError(said("result %(typed)s is not one of: %(results)s", typed=repr(text),
                              results=", ".join(RESULTS)))
    return value


def evidence_names(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n.strip() for n in _NAME_SPLIT.split(text or "") if n.strip()))


def parse_sheet_rows(rows: Iterable[SheetRow], baseline: Sequence[BaselineRow]
                     ) -> tuple[list[SheetAnswer], list[str]]:
    """Rows -> answers, and every problem (unknown, duplicate or deleted rows; bad values)."""
    known = {b.criterion: b for b in baseline}
    answers: list[SheetAnswer] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for row in rows:
        if row.criterion not in known:
            problems.append(said("%(cell)s: %(criterion)s is not a criterion of this audit",
                                 cell=cell("id", row.row), criterion=repr(row.criterion)))
        elif row.criterion in seen:
            problems.append(said("%(cell)s: criterion %(criterion)s appears twice (first in "
                                 "row %(first)s)", cell=cell("id", row.row),
                                 criterion=row.criterion, first=seen[row.criterion]))
        else:
            seen[row.criterion] = row.row
            answer, row_problems = parse_row(row, known[row.criterion])
            problems += row_problems
            if answer is not None:
                answers.append(answer)
    problems += deleted_rows(baseline, seen)
    return answers, problems


def deleted_rows(baseline: Sequence[BaselineRow], seen: Mapping[str, int]) -> list[str]:
    problems: list[str] = []
    after = 1
    for b in baseline:
        if b.criterion in seen:
            after = seen[b.criterion]
        else:
            problems.append(said("%(cell)s: the row of criterion %(criterion)s was deleted; "
                                 "every exported row must stay", cell=cell("id", after + 1),
                                 criterion=b.criterion))
    return problems


def parse_row(row: SheetRow, base: BaselineRow) -> tuple[SheetAnswer | None, list[str]]:
    problems: list[str] = []
    try:
        result = normalise_result(row.result)
    except ValueError as exc:
        problems.append(said("%(cell)s: %(problem)s", cell=cell("result", row.row),
                             problem=exc.args[0]))
        result = None
    note = row.note.strip()
    changed = note_digest(result, note) != base.digest
    if changed and result is None and not problems:
        problems.append(
            said("%(cell)s: no result for the note in the row", cell=cell("result", row.row))
            if note else said("%(cell)s: no result; a workbook cannot clear an answer",
                              cell=cell("result", row.row)))
    if changed and result in NEEDS_NOTE and not note:
        problems.append(said("%(cell)s: %(result)s needs a note", cell=cell("note", row.row),
                             result=result))
    if len(note) > MAX_NOTE:
        problems.append(said("%(cell)s: note is longer than %(most)s characters",
                             cell=cell("note", row.row), most=MAX_NOTE))
    valid_until, problem = _valid_until(row)
    problems += [problem] if problem else []
    if problems:
        return None, problems
    return SheetAnswer(row.row, row.criterion, Answered(result, note),
                       evidence_names(row.evidence), valid_until), []


def _valid_until(row: SheetRow) -> tuple[date | None, str | None]:
    value = row.valid_until
    if value in (None, ""):
        return None, None
    if isinstance(value, date):
        return (value.date() if hasattr(value, "date") else value), None
    try:
        return date.fromisoformat(str(value).strip()), None
    except ValueError:
        return None, said("%(cell)s: %(typed)s is not a date (YYYY-MM-DD)",
                          cell=cell("valid_until", row.row), typed=repr(value))


@dataclass(frozen=True)
class AnswerChange:
    criterion: str
    row: int
    before: Answered
    after: Answered


def plan_changes(answers: Sequence[SheetAnswer], baseline: Sequence[BaselineRow],
                 current: Mapping[str, Answered]) -> tuple[list[AnswerChange], list[str]]:
    """Three-way: a row the workbook changed applies when the audit still has the exported
    answer (or already has the same one); changed on both sides it is a conflict."""
    base = {b.criterion: b.digest for b in baseline}
    changes, conflicts = [], []
    for answer in answers:
        now = current[answer.criterion]
        wanted = answer.answer.digest
        if wanted == base[answer.criterion] or wanted == now.digest:
            continue  # untouched in the workbook, or the audit already says the same
        if now.digest != base[answer.criterion]:
            conflicts.append(answer.criterion)
        else:
            changes.append(AnswerChange(answer.criterion, answer.row, now, answer.answer))
    return changes, conflicts


def check_stamp(stamp: Stamp, signature: str, key: bytes, *, audit: str,
                checklist_hash: str) -> list[str]:
    """The workbook belongs to this audit and checklist, and its stamp sheet is untouched."""
    if stamp.audit != audit:
        return [said("%(cell)s: this workbook is for audit %(theirs)s, not %(audit)s",
                     cell=f"{STAMP_SHEET}!B2", theirs=stamp.audit, audit=audit)]
    if stamp.checklist_hash != checklist_hash:
        return [said("%(cell)s: this workbook is for checklist %(theirs)s, but %(audit)s pins "
                     "%(pinned)s", cell=f"{STAMP_SHEET}!B4", theirs=stamp.checklist_hash,
                     audit=audit, pinned=checklist_hash)]
    if not hmac.compare_digest(sign(stamp, key), signature or ""):
        return [said("%(cell)s: the signature does not match: the hidden sheet was edited, or "
                     "the workbook comes from another installation", cell=f"{STAMP_SHEET}!B6")]
    return []


def sort_problems(problems: Iterable[str]) -> list[str]:
    """By sheet, then row, then column, so the list reads top to bottom."""
    def key(text: str) -> tuple[Any, ...]:
        ref = text.split(":", 1)[0]
        match = re.match(r"^(.*)!([A-Z]+)(\d+)$", ref)
        return (1, match[1], int(match[3]), match[2]) if match else (0, ref, 0, "")
    return sorted(dict.fromkeys(problems), key=key)
