"""Context for the managers' reports: the portfolio and the corrective-action list. Pure."""

from __future__ import annotations

from datetime import date, datetime

from audit_engine.domain.rules import overdue
from audit_engine.services.reports.views.audit import is_overdue
from audit_engine.services.reports.views.models import PortfolioView, ReportAction
from audit_engine.services.reports.views.risk import (
    AGEING_LABELS,
    BANDS,
    ageing,
    overdue_audits,
    risk_rows,
)


def next_quarter(day: date) -> str:
    """'2027-Q2' for any day in 2027-Q1."""
    quarter = (day.month - 1) // 3 + 1
    return f"{day.year + 1}-Q1" if quarter == 4 else f"{day.year}-Q{quarter + 1}"


def overdue_by_owner(actions: tuple[ReportAction, ...],
                     today: date) -> dict[str, list[ReportAction]]:
    """Overdue actions grouped by owner, owners sorted, most overdue first within each."""
    grouped: dict[str, list[ReportAction]] = {}
    for action in sorted(actions, key=lambda a: (a.owner, a.due or date.max, a.id)):
        if is_overdue(action, today):
            grouped.setdefault(action.owner, []).append(action)
    return grouped


def open_actions(actions: tuple[ReportAction, ...], owner: str | None = None) -> list[ReportAction]:
    """Actions not yet verified, optionally of one owner, earliest due first."""
    return sorted((a for a in actions if a.status != "verified"
                   and (owner is None or a.owner == owner)),
                  key=lambda a: (a.due or date.max, a.id))


def action_days_overdue(action: ReportAction, today: date) -> int:
    """domain/rules/overdue.py's days_overdue of a reported action (templates call it)."""
    return overdue.days_overdue(action.status, action.due, today)


def portfolio_context(portfolio: PortfolioView, generated_at: datetime) -> dict:
    today = generated_at.date()
    ids = [c.id for c in portfolio.categories]
    return {
        "title": "CTPAT audit portfolio",
        "draft": False,
        "generated_at": generated_at,
        "today": today,
        "scope": ", ".join(portfolio.scope),
        "categories": portfolio.categories,
        "rows": risk_rows(portfolio.latest, ids, portfolio.actions, today),
        "widths": grid_widths(len(ids)),
        "rows_per_table": ROWS_PER_TABLE,
        "bands": BANDS,
        "ageing_labels": AGEING_LABELS,
        "ageing_by_facility": ageing(portfolio.actions, today, by="facility"),
        "ageing_by_owner": ageing(portfolio.actions, today, by="owner"),
        "overdue_audits": overdue_audits(portfolio.latest, today),
        "overdue_by_owner": overdue_by_owner(portfolio.actions, today),
        "due_next_quarter": sorted(portfolio.due_next_quarter,
                                   key=lambda d: (d.due or date.max, d.facility.code)),
        "next_quarter": portfolio.next_quarter or next_quarter(today),
        "risk": portfolio.risk,
        "days_overdue": action_days_overdue,
    }


ROWS_PER_TABLE = 17  # about a page of two-line rows: a table's cost grows with the pages it spans
LANDSCAPE_WIDTH_MM = 272  # A4 landscape less the margins (and a millimetre of borders)
PADDING_MM = 2.0  # cell padding (left + right) comes on top of a fixed column's width
GRID_COLUMNS_MM = {"audit": 22.0, "failed": 12.0, "overdue": 14.0, "late": 13.0,
                   "overall": 12.5, "trend": 19.0}  # "General": Spanish's word for Overall
SCORE_MM = 9.0  # "100%" ("100 %" in Spanish) at 7.5 pt is about 7-8 mm: one token, never wrapped


def grid_widths(categories: int) -> dict[str, float]:
    """Column widths (content, without padding) of the heat grid: every score column fits
    "100%"; the facility column gets what is left, at least 30 mm (its name may wrap)."""
    columns = len(GRID_COLUMNS_MM) + categories + 1
    used = sum(GRID_COLUMNS_MM.values()) + SCORE_MM * categories + PADDING_MM * columns
    return {**GRID_COLUMNS_MM, "score": SCORE_MM,
            "facility": max(round(LANDSCAPE_WIDTH_MM - used, 1), 30.0)}


def actions_context(actions: tuple[ReportAction, ...], generated_at: datetime,
                    owner: str | None = None) -> dict:
    today = generated_at.date()
    listed = open_actions(actions, owner)
    return {
        "title": "Corrective actions" + (f" of {owner}" if owner else ""),
        "draft": False,
        "generated_at": generated_at,
        "today": today,
        "owner": owner,
        "actions": listed,
        "overdue_count": sum(is_overdue(a, today) for a in listed),
        "overdue_ids": {a.id for a in listed if is_overdue(a, today)},
        "days_overdue": action_days_overdue,
    }
