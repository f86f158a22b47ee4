"""Write the audit workbook: one row per criterion grouped by category, and a hidden stamp sheet.

Reference columns are locked (sheet protection without a password: a guard against slips, not
security; the signed stamp is what refuses a tampered workbook). The result column offers the
valid results as a drop-down. Printed: landscape, one page wide, header row on every page.
"""

from __future__ import annotations

import io

from audit_engine.domain.formats.workbook import (
    COLUMNS,
    EDITABLE,
    FORMAT,
    LETTER,
    RESULTS,
    SHEET,
    STAMP_SHEET,
    CriterionRow,
    WorkbookContent,
)

WIDTHS = {"id": 7, "category": 9, "title": 34, "level": 7, "guidance": 44, "questions": 40,
          "result": 15, "note": 34, "evidence": 24, "valid_until": 11}
LINE_POINTS, MAX_LINES = 13, 14
HEADER_FILL = "1F3864"
CATEGORY_FILL = "D9E1F2"
EDIT_FILL = "FFF9E5"


def write_audit_workbook(content: WorkbookContent) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    _header(sheet)
    last = _rows(sheet, content.rows)
    _result_dropdown(sheet, last)
    _layout(sheet, content.title, last)
    _stamp_sheet(book, content)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _header(sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.append([title for _, title in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _rows(sheet, rows: tuple[CriterionRow, ...]) -> int:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

    category_font, category_fill = Font(bold=True), PatternFill("solid", fgColor=CATEGORY_FILL)
    edit_fill, unlocked = PatternFill("solid", fgColor=EDIT_FILL), Protection(locked=False)
    wrap = Alignment(vertical="top", wrap_text=True)
    current = None
    for row in rows:
        if row.category != current:
            current = row.category
            sheet.append([None, f"{row.category} {row.category_name}"])
            for cell in sheet[sheet.max_row]:
                cell.font, cell.fill = category_font, category_fill
        values = _values(row)
        sheet.append(values)
        sheet.row_dimensions[sheet.max_row].height = _height(values)
        for key, cell in zip((k for k, _ in COLUMNS), sheet[sheet.max_row], strict=True):
            cell.alignment = wrap
            if key in EDITABLE:
                cell.protection, cell.fill = unlocked, edit_fill
        sheet.cell(sheet.max_row, len(COLUMNS)).number_format = "yyyy-mm-dd"
    return sheet.max_row


def _values(row: CriterionRow) -> list:
    return [row.criterion, row.category, row.title, row.level, row.guidance,
            "\n".join(row.questions), row.result or None, row.note or None,
            "\n".join(row.evidence) or None, row.valid_until]


def _height(values: list) -> float:
    """Row height for the wrapped text (spreadsheet programs do not all fit rows on open)."""
    lines = 1
    for (key, _), value in zip(COLUMNS, values, strict=True):
        if isinstance(value, str) and value:
            per_line = max(int(WIDTHS[key] * 1.2), 4)  # proportional fonts fit more
            wrapped = sum(-(-max(len(part), 1) // per_line) for part in value.split("\n"))
            lines = max(lines, wrapped)
    return LINE_POINTS * min(lines, MAX_LINES) + 4


def _result_dropdown(sheet, last: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = DataValidation(type="list", formula1=f'"{",".join(RESULTS)}"', allow_blank=True,
                             showErrorMessage=True, errorTitle="Result",
                             error=f"Choose one of: {', '.join(RESULTS)}")
    sheet.add_data_validation(choices)
    choices.add(f"{LETTER['result']}2:{LETTER['result']}{max(last, 2)}")
    dates = DataValidation(type="date", operator="greaterThan", formula1="1",
                           allow_blank=True, error="A date, e.g. 2027-06-30")
    sheet.add_data_validation(dates)
    dates.add(f"{LETTER['valid_until']}2:{LETTER['valid_until']}{max(last, 2)}")


def _layout(sheet, title: str, last: int) -> None:
    for key, width in WIDTHS.items():
        sheet.column_dimensions[LETTER[key]].width = width
    sheet.freeze_panes = "C2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = title
    sheet.oddFooter.right.text = "Page &P of &N"
    sheet.protection.sheet = True
    for allowed in ("formatCells", "formatColumns", "formatRows", "sort", "autoFilter"):
        setattr(sheet.protection, allowed, False)  # False: the action is not protected
    sheet.print_area = f"A1:{LETTER['valid_until']}{last}"


def _stamp_sheet(book, content: WorkbookContent) -> None:
    stamp = content.stamp
    sheet = book.create_sheet(STAMP_SHEET)
    sheet.sheet_state = "hidden"
    for label, value in (("format", FORMAT), ("audit", stamp.audit), ("version", stamp.version),
                         ("checklist_hash", stamp.checklist_hash),
                         ("rows", len(stamp.baseline)), ("signature", content.signature)):
        sheet.append([label, value])
    sheet.append([])
    sheet.append(["criterion", "answer digest", "evidence"])
    for row in stamp.baseline:
        sheet.append([row.criterion, row.digest, "\n".join(row.evidence) or None])
    sheet.protection.sheet = True
