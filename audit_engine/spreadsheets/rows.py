"""Read `id, level` rows from a CSV or XLSX sheet (a member's copy of its CBP MSC document).

Each row keeps its number as the user sees it (1 = the first line / spreadsheet row), so every
later problem can name it. A header row (`id`, `level` in any case and order) is optional; with
one, other columns are ignored. openpyxl is imported only when an XLSX file is read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from audit_engine.domain.errors import InvalidInput

MAX_BYTES = 2 * 1024 * 1024  # an MSC document has a few hundred rows at most
XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class IdLevelRow:
    number: int  # row number in the sheet, 1-based
    id: str
    level: str  # as written, stripped and lowercased
    typed_as_number: bool = False  # an XLSX id cell holding a number: 4.10 arrives as 4.1


def read_id_level_rows(path: Path) -> list[IdLevelRow]:
    """The non-empty `id, level` rows of a CSV or XLSX file; InvalidInput names what is wrong."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InvalidInput(
            f"{path}: {size} bytes is more than the {MAX_BYTES} an id/level sheet may have"
        )
    data = path.read_bytes()
    cells = _xlsx_cells(path, data) if data.startswith(XLSX_MAGIC) else _csv_cells(path, data)
    return _rows(path, cells)


def _csv_cells(path: Path, data: bytes) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path}: not UTF-8 text (byte {exc.start}); save the sheet as CSV UTF-8"
        ) from None
    dialect = csv.excel_tab if text.count("\t") > text.count(",") + text.count(";") else csv.excel
    if dialect is csv.excel and text.count(";") > text.count(","):
        reader = csv.reader(io.StringIO(text), delimiter=";")
    else:
        reader = csv.reader(io.StringIO(text), dialect)
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise InvalidInput(f"{path}:{reader.line_num}: {exc}") from None


def _xlsx_cells(path: Path, data: bytes) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InvalidInput(f"{path}: not a readable XLSX workbook ({type(exc).__name__})") from None
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, ["" if v is None else _cell_text(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


NUMBER_MARK = "\x00number:"


def _cell_text(value: object) -> str:
    """`4.10` typed into a spreadsheet arrives as the float 4.1: mark it so the row is refused."""
    if isinstance(value, float):
        return NUMBER_MARK + repr(value)
    return str(value)


def _rows(path: Path, cells: list[tuple[int, list[str]]]) -> list[IdLevelRow]:
    filled = [(n, [c.strip() for c in row]) for n, row in cells if any(c.strip() for c in row)]
    if not filled:
        raise InvalidInput(f"{path}: no rows; expected `id, level` rows such as `5.1, must`")
    id_col, level_col = 0, 1
    first_number, first = filled[0]
    header = [c.lower() for c in first]
    if "id" in header or "level" in header:
        if "id" not in header or "level" not in header:
            raise InvalidInput(
                f"{path}:{first_number}: the header needs both an 'id' and a 'level' column"
            )
        id_col, level_col = header.index("id"), header.index("level")
        filled = filled[1:]
    rows = []
    for number, row in filled:
        if len(row) <= max(id_col, level_col):
            raise InvalidInput(
                f"{path}:{number}: expected an id and a level, got {len(row)} column(s)"
            )
        cid, numeric = row[id_col], row[id_col].startswith(NUMBER_MARK)
        cid = cid.removeprefix(NUMBER_MARK)
        level = row[level_col].removeprefix(NUMBER_MARK).lower()
        rows.append(IdLevelRow(number, cid, level, numeric))
    if not rows:
        raise InvalidInput(f"{path}: only a header row; no ids to import")
    return rows
