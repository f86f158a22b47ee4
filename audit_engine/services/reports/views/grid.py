"""The risk grid of the web dashboards: the portfolio's rows (same order, same bands as page 1
of the PDF) as SVG geometry computed here, drawn by a template with no chart library. Pure.

Each score cell links to the audit it scores; the facility label links there too.
"""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.services.reports.views.risk import BANDS, UNSCORED, RiskRow

COLOURS = {key: colour for key, _, _, colour in BANDS} | {UNSCORED[0]: UNSCORED[3]}
LABEL_WIDTH = 165  # facility code, the scored audit
FACTS_WIDTH = 170  # open musts; overdue actions and audits (two lines)
CELL = 44  # width of a score cell ("100%")
ROW = 30
HEAD = 34


@dataclass(frozen=True)
class GridCell:
    x: float
    y: float
    width: float
    height: float
    fill: str
    text: str
    href: str  # "" when the facility has no audit with results
    title: str  # what a screen reader and a tooltip say


@dataclass(frozen=True)
class GridRow:
    y: float
    code: str
    name: str
    audit: str  # "A-7 2026-Q4 remediation" or "no results yet"
    facts: tuple[str, str]  # ("1 open must", "2 overdue actions · A-9 overdue")
    facts_x: float
    alarm: bool  # anything of the facts above
    href: str
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class RiskGrid:
    width: float
    height: float
    columns: tuple[tuple[float, str, str], ...]  # (x of the centre, label, full name)
    rows: tuple[GridRow, ...]
    legend: tuple[tuple[str, str], ...]  # (colour, label)


def risk_grid(rows: list[RiskRow], categories) -> RiskGrid:
    """`rows` in risk order (views/risk.py risk_rows), `categories` the portfolio's."""
    left = LABEL_WIDTH + FACTS_WIDTH
    names = [("Overall", "Overall score")] + [(c.id, c.name) for c in categories]
    columns = tuple((left + i * CELL + CELL / 2, short, full)
                    for i, (short, full) in enumerate(names))
    return RiskGrid(left + len(names) * CELL, HEAD + len(rows) * ROW, columns,
                    tuple(_row(n, row, left, names) for n, row in enumerate(rows)),
                    tuple((COLOURS[key], label) for key, _, label, _ in BANDS)
                    + ((UNSCORED[3], UNSCORED[2]),))


def _row(n: int, row: RiskRow, left: float, names) -> GridRow:
    summary, y = row.summary, HEAD + n * ROW
    href = f"/audits/{summary.audit_id}" if summary.audit_id else ""
    audit = (f"{summary.audit_id} {summary.period} {summary.status}" if summary.audit_id
             else "no results yet")
    # the overall cell opens the audit (its category index), a category's cell that category
    cells = tuple(GridCell(left + i * CELL + 1, y + 2, CELL - 2, ROW - 4, COLOURS[cell.band],
                           cell.text, f"{href}/categories/{short}" if href and i else href,
                           f"{summary.facility.code} {full}: {cell.text}")
                  for i, (cell, (short, full)) in enumerate(zip((row.overall, *row.cells), names,
                                                                 strict=True)))
    return GridRow(y, summary.facility.code, summary.facility.name, audit, _facts(row), LABEL_WIDTH,
                   bool(row.open_musts or row.overdue or row.risk.audit_overdue), href, cells)


def _facts(row: RiskRow) -> tuple[str, str]:
    late = [f"{row.overdue} overdue action{'s' if row.overdue != 1 else ''}"]
    late += [f"{a.id} overdue" for a in row.summary.overdue_audits]
    return f"{row.open_musts} open must{'s' if row.open_musts != 1 else ''}", " · ".join(late)
