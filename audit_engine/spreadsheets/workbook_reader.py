"""Read an audit workbook back as plain rows, tolerating what auditors do to a spreadsheet.

Tolerated: merged cells (each cell of a merge takes the merge's value), formulas (their saved
value, or for a workbook never opened in Excel the value of a plain reference, text literal or
`&` of those), trailing spaces, any capitalisation. Checked before openpyxl parses anything:
the file's size, that it is a ZIP, and that it does not unpack to something huge.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from audit_engine.domain.formats.workbook import (
    COLUMNS,
    EDITABLE,
    SHEET,
    STAMP_SHEET,
    BaselineRow,
    SheetRow,
    Stamp,
    cell,
)

UNPACKED_FACTOR = 40  # an XLSX unpacks to a few times its size; a ZIP bomb to thousands
_REF = re.compile(r"^(?:(?:'[^']+'|[A-Za-z0-9_]+)!)?\$?([A-Z]{1,3})\$?(\d+)$")
_LITERAL = re.compile(r'^"((?:[^"]|"")*)"$')


@dataclass
class ReadWorkbook:
    stamp: Stamp | None = None
    signature: str = ""
    rows: list[SheetRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def check_workbook_file(path: Path, max_bytes: int) -> None:
    """Raise ValueError naming what is wrong, before any parsing."""
    if not path.is_file():
        raise ValueError("no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise ValueError(f"{size} bytes is over the limit of {max_bytes} bytes for a workbook")
    if not zipfile.is_zipfile(path):
        raise ValueError("not an XLSX workbook (not a ZIP container)")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            unpacked = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValueError(f"not an XLSX workbook ({exc})") from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ValueError("not an XLSX workbook (a ZIP without a spreadsheet in it)")
    if unpacked > max_bytes * UNPACKED_FACTOR:
        raise ValueError(f"unpacks to {unpacked} bytes; refused as a ZIP bomb")


def read_audit_workbook(path: Path) -> ReadWorkbook:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValueError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
    read = ReadWorkbook()
    if SHEET not in book.sheetnames:
        read.problems.append(f"{SHEET}!A1: the sheet {SHEET!r} is missing (renamed or deleted)")
        return read
    if STAMP_SHEET not in book.sheetnames:
        read.problems.append(f"{STAMP_SHEET}!A1: the hidden sheet {STAMP_SHEET!r} is missing; "
                             "export a fresh workbook")
        return read
    _read_stamp(book[STAMP_SHEET], read)
    grid = _grid(book[SHEET])
    if any(_is_formula(v) for v in grid.values()):
        grid = _resolve_formulas(path, grid)
    _read_rows(grid, book[SHEET].max_row, read)
    return read


def _grid(sheet) -> dict[tuple[int, int], object]:
    """(row, column) -> value, with every merged cell carrying its merge's value."""
    grid = {(c.row, c.column): c.value for line in sheet.iter_rows() for c in line
            if c.value is not None}
    for merged in sheet.merged_cells.ranges:
        value = sheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, merged.max_col + 1):
                if value is not None:
                    grid[(row, column)] = value
    return grid


def _is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


def _resolve_formulas(path: Path, grid: dict) -> dict:
    """Formulas -> the value Excel saved; without one, a reference, literal or `&` of those."""
    from openpyxl import load_workbook

    saved = load_workbook(path, data_only=True)[SHEET]
    resolved = dict(grid)
    for (row, column), value in grid.items():
        if _is_formula(value):
            cached = saved.cell(row, column).value
            resolved[(row, column)] = cached if cached is not None else _evaluate(value, grid)
    return resolved


class Unresolved(str):
    """A formula we could not evaluate (kept as text so the row check can name its cell)."""


def _evaluate(formula: str, grid: dict, depth: int = 0) -> object:
    parts = [p.strip() for p in formula[1:].split("&")]
    values = []
    for part in parts:
        literal, ref = _LITERAL.match(part), _REF.match(part)
        if literal:
            values.append(literal.group(1).replace('""', '"'))
        elif ref and depth < 10:
            column = _column_number(ref.group(1))
            target = grid.get((int(ref.group(2)), column))
            target = _evaluate(target, grid, depth + 1) if _is_formula(target) else target
            values.append("" if target is None else target)
        else:
            return Unresolved(formula)
    return values[0] if len(values) == 1 else "".join(str(v) for v in values)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_rows(grid: dict, max_row: int, read: ReadWorkbook) -> None:
    keys = [k for k, _ in COLUMNS]
    position = {k: i + 1 for i, k in enumerate(keys)}
    for row in range(2, max_row + 1):
        values = {k: grid.get((row, position[k])) for k in keys}
        for key in EDITABLE:
            if isinstance(values[key], Unresolved):
                read.problems.append(f"{cell(key, row)}: formula {values[key]} has no saved "
                                     "value; open and save the workbook in a spreadsheet "
                                     "program, or type the value")
                values[key] = None
        criterion = _text(values["id"])
        if not criterion:
            typed = [k for k in ("result", "note") if _text(values[k])]
            if typed:
                read.problems.append(f"{cell(typed[0], row)}: an answer on a row without a "
                                     "criterion id")
            continue
        read.rows.append(SheetRow(row, criterion, _text(values["result"]),
                                  _text(values["note"]), _text(values["evidence"]),
                                  values["valid_until"]))


def _read_stamp(sheet, read: ReadWorkbook) -> None:
    labels = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(1, 7)}
    try:
        baseline = tuple(
            BaselineRow(str(a), str(b), tuple(n for n in str(c or "").split("\n") if n))
            for a, b, c in sheet.iter_rows(min_row=9, max_col=3, values_only=True)
            if a is not None)
        read.stamp = Stamp(str(labels["audit"]), int(labels["version"]),
                           str(labels["checklist_hash"]), baseline)
        read.signature = str(labels["signature"] or "")
    except (KeyError, TypeError, ValueError):
        read.problems.append(f"{STAMP_SHEET}!A1: the hidden sheet was edited (its layout is "
                             "broken); export a fresh workbook")
