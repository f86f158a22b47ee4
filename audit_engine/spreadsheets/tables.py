"""Write a domain Table as XLSX: header row bold and frozen, filters on, real dates and numbers.

openpyxl's write-only mode streams rows to the file, so 10,000 rows cost little memory; a date
value gets openpyxl's date format on its own, only percent cells need a styled cell.
"""

from __future__ import annotations

import io

from audit_engine.domain.formats.tables import Table

DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0%"


def write_table(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.title[:31])
    letters = [get_column_letter(i + 1) for i in range(len(table.columns))]
    for letter, column in zip(letters, table.columns, strict=True):
        sheet.column_dimensions[letter].width = column.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{letters[-1]}{len(table.rows) + 1}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4 (Worksheet.PAPERSIZE_A4; write-only sheets lack it)
    # One page wide, as many pages tall as the rows need (printing never cuts a column off).
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.append(_header(sheet, table))
    percent = [i for i, c in enumerate(table.columns) if c.kind == "percent"]
    if percent:
        for row in table.rows:
            sheet.append(_with_percent(sheet, row, percent))
    else:
        for row in table.rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(sheet, table: Table) -> list:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    cells = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column.title)
        cell.font = bold
        cells.append(cell)
    return cells


def _with_percent(sheet, row: tuple, percent: list[int]) -> list:
    from openpyxl.cell import WriteOnlyCell

    values: list = list(row)
    for i in percent:
        if values[i] is not None:
            cell = WriteOnlyCell(sheet, value=values[i])
            cell.number_format = PERCENT_FORMAT
            values[i] = cell
    return values
