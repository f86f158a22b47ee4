"""What a manager decides from: the portfolio's risk order, heat-grid bands, score trends,
ageing of open actions and facilities overdue for an audit. Pure functions over report views.

Overdue and its ageing come from domain/rules/overdue.py, the one meaning every report shares.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from audit_engine.domain.rules.overdue import AGEING_BUCKETS, ageing_bucket, is_overdue
from audit_engine.reporting.templates import percent
from audit_engine.services.reports.views.models import ActionView, AuditSummaryView, ScorePoint

# Score bands of the heat grid: (key, lowest score in the band, legend label, cell colour).
BANDS = (
    ("good", 0.9, "90-100%", "#cfe8d6"),
    ("fair", 0.75, "75-89%", "#e4efc6"),
    ("weak", 0.5, "50-74%", "#f8e0a2"),
    ("poor", 0.0, "below 50%", "#f3b6ae"),
)
UNSCORED = ("none", None, "not scored", "#eeeeee")
TREND_AUDITS = 4
AGEING_LABELS = tuple(label for label, _, _ in AGEING_BUCKETS)


def band(score: float | None) -> str:
    if score is None:
        return UNSCORED[0]
    return next(key for key, low, _, _ in BANDS if score >= low)


@dataclass(frozen=True)
class Cell:
    text: str  # one token: "100%" or "–"
    band: str


@dataclass(frozen=True)
class Spark:
    """A tiny inline trend: the facility's overall score over its last audits."""

    width: float
    height: float
    polyline: str  # "x,y x,y ..." (empty with fewer than two scored audits)
    dots: tuple[tuple[float, float], ...]
    caption: str  # "62% → 81%" for the reader who cannot see the line
    change: str  # "+19" points from the first to the last, "" with one audit


MIN_SPAN = 0.2  # the trend's vertical scale covers at least 20 points


def sparkline(points: tuple[ScorePoint, ...], width: float = 40, height: float = 14) -> Spark:
    """Scaled to the scores' own range (at least MIN_SPAN), so a 5-point move is visible;
    the change in points is printed beside it."""
    scored = [p.score for p in points[-TREND_AUDITS:] if p.score is not None]
    if not scored:
        return Spark(width, height, "", (), "–", "")
    low = max(0.0, min(min(scored), max(scored) - MIN_SPAN))
    span = max(max(scored) - low, MIN_SPAN)
    step = (width - 4) / max(TREND_AUDITS - 1, 1)
    offset = (TREND_AUDITS - len(scored)) * step
    dots = tuple((round(2 + offset + i * step, 1),
                  round(2 + (1 - (s - low) / span) * (height - 4), 1))
                 for i, s in enumerate(scored))
    polyline = " ".join(f"{x},{y}" for x, y in dots) if len(dots) > 1 else ""
    caption = " → ".join(percent(s) for s in (scored[0], scored[-1])[: len(scored)])
    change = f"{(scored[-1] - scored[0]) * 100:+.0f}" if len(scored) > 1 else ""
    return Spark(width, height, polyline, dots, caption, change)


@dataclass(frozen=True)
class RiskRow:
    summary: AuditSummaryView
    overall: Cell
    cells: tuple[Cell, ...]  # one per portfolio category, in order
    failed_musts: int
    overdue: int
    trend: Spark


def risk_key(row: RiskRow) -> tuple:
    """Riskiest first: most failed musts, then most overdue actions, then lowest score
    (a facility never scored after the scored ones), then code."""
    score = row.summary.overall
    return (-row.failed_musts, -row.overdue, 2.0 if score is None else score,
            row.summary.facility.code)


def overdue_by_facility(actions: tuple[ActionView, ...], today: date) -> Counter:
    return Counter(a.facility_code for a in actions if is_overdue(a.status, a.due, today))


def risk_rows(latest, category_ids, actions, today: date) -> list[RiskRow]:
    overdue = overdue_by_facility(actions, today)
    rows = []
    for summary in latest:
        cells = tuple(_cell(summary.category_scores.get(c)) for c in category_ids)
        rows.append(RiskRow(summary, _cell(summary.overall), cells, summary.failed_musts,
                            overdue[summary.facility.code], sparkline(summary.trend)))
    return sorted(rows, key=risk_key)


def _cell(score: float | None) -> Cell:
    return Cell(percent(score), band(score))


@dataclass(frozen=True)
class AgeingRow:
    label: str
    detail: str  # a facility's name, an owner's e-mail (small print)
    counts: tuple[int, ...]  # one per AGEING_LABELS
    total: int
    overdue: int


def ageing(actions: tuple[ActionView, ...], today: date, by: str) -> list[AgeingRow]:
    """Open actions counted per ageing bucket, per facility (`by="facility"`) or per owner;
    the rows with the most overdue first."""
    groups: dict[tuple[str, str], Counter] = {}
    for action in actions:
        if action.status == "verified":
            continue
        key = ((action.facility_code, action.facility_name) if by == "facility"
               else (action.owner_name or action.owner, action.owner))
        groups.setdefault(key, Counter())[ageing_bucket(action.status, action.due, today)] += 1
    rows = [AgeingRow(label, detail, tuple(c[b] for b in AGEING_LABELS), sum(c.values()),
                      sum(c.values()) - c[AGEING_LABELS[0]])
            for (label, detail), c in groups.items()]
    return sorted(rows, key=lambda r: (-r.overdue, -r.counts[-1], r.label))


@dataclass(frozen=True)
class StaleFacility:
    summary: AuditSummaryView
    last_audited: date | None  # the end of the last audited period; None: never audited
    days_since: int | None
    cadence_months: int


def stale_facilities(latest, today: date) -> list[StaleFacility]:
    """Facilities in a programme whose last audit is older than the programme's cadence."""
    stale = []
    for summary in latest:
        months = summary.cadence_months
        if not months:
            continue
        last = summary.last_audited
        if last is None or last + timedelta(days=round(months * 30.44)) < today:
            stale.append(StaleFacility(summary, last, (today - last).days if last else None,
                                       months))
    return sorted(stale, key=lambda s: (s.last_audited or date.min, s.summary.facility.code))
