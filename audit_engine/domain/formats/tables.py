"""Tables for export (findings, corrective actions, the portfolio grid), and their CSV form. Pure.

A column has a kind so every format can write real values: `date` cells are dates, `int` and
`percent` cells numbers (a percent is the ratio, rounded as the PDF reports print it).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

KINDS = ("text", "int", "date", "percent")
FORMATS = ("csv", "xlsx")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"
    width: int = 14


@dataclass(frozen=True)
class Table:
    title: str  # also the sheet name (at most 31 characters in XLSX)
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class ExportFile:
    filename: str
    media_type: str
    data: bytes
    rows: int


def as_percent(ratio: float | None) -> float | None:
    """The ratio as the reports print it: a whole percent (85%), kept as a number (0.85)."""
    return None if ratio is None else int(f"{ratio * 100:.0f}") / 100


def table_csv(table: Table) -> bytes:
    """UTF-8 with a byte-order mark (so spreadsheet programs read accents), ISO dates,
    numbers unformatted, empty cells for missing values."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(c.title for c in table.columns)
    for row in table.rows:
        writer.writerow("" if v is None else v.isoformat() if isinstance(v, date) else v
                        for v in row)
    return ("\ufeff" + buffer.getvalue()).encode()
