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
OVERALL = ("Overall", "Overall score")  # the first column (the template words it)
CELL = 44  # width of a score cell ("100%", "100 %")
ROW = 30
HEAD = 34


@dataclass(frozen=True)
class GridCell:
    x: float
    y: float
    width: float
    height: float
    fill: str
    score: float | None  # the template writes it in the reader's language ("88%", "88 %")
    href: str  # "" when the facility has no audit with results
    column: str  # the full name of its column (the template says "<code> <column>: <score>")


@dataclass(frozen=True)
class GridRow:
    y: float
    code: str
    name: str
    audit: tuple[str, str, str] | None  # (id, period, status) scored; None: no results yet
    open_musts: int
    overdue_actions: int
    overdue_audits: tuple[str, ...]  # ids of audits past due and not submitted
    facts_x: float
    alarm: bool  # anything of the facts above
    href: str
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class RiskGrid:
    width: float
    height: float
    columns: tuple[tuple[float, str, str], ...]  # (x of the centre, label, full name);
    # the first is the overall score (OVERALL), the template's words
    rows: tuple[GridRow, ...]
    legend: tuple[tuple[str, str], ...]  # (colour, label)


def risk_grid(rows: list[RiskRow], categories) -> RiskGrid:
    """`rows` in risk order (views/risk.py risk_rows), `categories` the portfolio's."""
    left = LABEL_WIDTH + FACTS_WIDTH
    names = [OVERALL] + [(c.id, c.name) for c in categories]
    columns = tuple((left + i * CELL + CELL / 2, short, full)
                    for i, (short, full) in enumerate(names))
    return RiskGrid(left + len(names) * CELL, HEAD + len(rows) * ROW, columns,
                    tuple(_row(n, row, left, names) for n, row in enumerate(rows)),
                    tuple((COLOURS[key], label) for key, _, label, _ in BANDS)
                    + ((UNSCORED[3], UNSCORED[2]),))


def _row(n: int, row: RiskRow, left: float, names) -> GridRow:
    summary, y = row.summary, HEAD + n * ROW
    href = f"/audits/{summary.audit_id}" if summary.audit_id else ""
    audit = ((summary.audit_id, summary.period or "", summary.status or "") if summary.audit_id
             else None)
    # the overall cell opens the audit (its category index), a category's cell that category
    cells = tuple(GridCell(left + i * CELL + 1, y + 2, CELL - 2, ROW - 4, COLOURS[cell.band],
                           cell.score, f"{href}/categories/{short}" if href and i else href,
                           full)
                  for i, (cell, (short, full)) in enumerate(zip((row.overall, *row.cells), names,
                                                                 strict=True)))
    return GridRow(y, summary.facility.code, summary.facility.name, audit, row.open_musts,
                   row.overdue, tuple(a.id for a in summary.overdue_audits), LABEL_WIDTH,
                   bool(row.open_musts or row.overdue or row.risk.audit_overdue), href, cells)
