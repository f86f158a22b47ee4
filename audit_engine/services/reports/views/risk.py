"""What a manager decides from: the portfolio's risk order, heat-grid bands, score trends,
ageing of open actions and audits past due. Pure functions over report views.

Risk and its order come from domain/rules/facility_risk.py, overdue and its ageing from
domain/rules/overdue.py: the one meaning every report, dashboard and digest shares.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from audit_engine.domain.rules.facility_risk import (
    AuditFacts,
    FacilityRisk,
    days_audit_overdue,
    overdue_days,
    risk_key,
)
from audit_engine.domain.rules.overdue import AGEING_BUCKETS, ageing_bucket
from audit_engine.services.reports.views.models import (
    AuditRef,
    AuditSummaryView,
    ReportAction,
    ScorePoint,
)

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
    score: float | None  # shown by the template's `percent` filter, in the reader's language
    band: str


@dataclass(frozen=True)
class Spark:
    """A tiny inline trend: the facility's overall score over its last audits."""

    width: float
    height: float
    polyline: str  # "x,y x,y ..." (empty with fewer than two scored audits)
    dots: tuple[tuple[float, float], ...]
    ends: tuple[float, ...]  # the first and last scores (one with one audit): "62% → 81%"
    # for the reader who cannot see the line, written by the template in its language
    change: str  # "+19" points from the first to the last, "" with one audit


MIN_SPAN = 0.2  # the trend's vertical scale covers at least 20 points


def sparkline(points: tuple[ScorePoint, ...], width: float = 40, height: float = 14) -> Spark:
    """Scaled to the scores' own range (at least MIN_SPAN), so a 5-point move is visible;
    the change in points is printed beside it."""
    scored = [p.score for p in points[-TREND_AUDITS:] if p.score is not None]
    if not scored:
        return Spark(width, height, "", (), (), "")
    low = max(0.0, min(min(scored), max(scored) - MIN_SPAN))
    span = max(max(scored) - low, MIN_SPAN)
    step = (width - 4) / max(TREND_AUDITS - 1, 1)
    offset = (TREND_AUDITS - len(scored)) * step
    dots = tuple((round(2 + offset + i * step, 1),
                  round(2 + (1 - (s - low) / span) * (height - 4), 1))
                 for i, s in enumerate(scored))
    polyline = " ".join(f"{x},{y}" for x, y in dots) if len(dots) > 1 else ""
    ends = (scored[0], scored[-1])[: len(scored)]
    change = f"{(scored[-1] - scored[0]) * 100:+.0f}" if len(scored) > 1 else ""
    return Spark(width, height, polyline, dots, ends, change)


@dataclass(frozen=True)
class RiskRow:
    summary: AuditSummaryView
    overall: Cell
    cells: tuple[Cell, ...]  # one per portfolio category, in order
    risk: FacilityRisk
    trend: Spark

    @property
    def open_musts(self) -> int:
        return len(self.risk.open_musts)

    @property
    def remediated_musts(self) -> int:
        return len(self.risk.remediated_musts)

    @property
    def overdue(self) -> int:
        return self.risk.overdue_actions

    @property
    def first_audit(self) -> bool:
        return len(self.summary.trend) == 1


def overdue_days_by_facility(actions: tuple[ReportAction, ...], today: date) -> dict:
    pairs: dict[str, list] = {}
    for action in actions:
        pairs.setdefault(action.facility_code, []).append((action.status, action.due))
    return {code: overdue_days(found, today) for code, found in pairs.items()}


def facility_risk(summary: AuditSummaryView, late_days: tuple[int, ...]) -> FacilityRisk:
    """domain/rules/facility_risk.py's facts of one portfolio row."""
    return FacilityRisk(summary.facility.code, summary.overall, summary.open_musts,
                        summary.remediated_musts, late_days,
                        tuple(AuditFacts(0, a.period, a.status, a.due)
                              for a in summary.overdue_audits),
                        summary.assessment_overdue)


def risk_rows(latest, category_ids, actions, today: date) -> list[RiskRow]:
    """The portfolio's rows, riskiest first (domain/rules/facility_risk.py's order)."""
    late = overdue_days_by_facility(actions, today)
    rows = []
    for summary in latest:
        cells = tuple(_cell(summary.category_scores.get(c), must_band(summary, c))
                      for c in category_ids)
        overall = _cell(summary.overall, must_band(summary, None))
        rows.append(RiskRow(summary, overall, cells,
                            facility_risk(summary, late.get(summary.facility.code, ())),
                            sparkline(summary.trend)))
    return sorted(rows, key=lambda r: risk_key(r.risk))


def must_band(summary: AuditSummaryView, category: str | None) -> str | None:
    """The best band a cell may show: a non-compliant must is never green. An open must
    failure caps the cell at "weak", a remediated one at "fair"; None: no cap."""
    def held(categories):
        return bool(categories) and (category is None or category in categories)
    if held(summary.open_must_categories):
        return "weak"
    if held(summary.remediated_must_categories):
        return "fair"
    return None


def _cell(score: float | None, cap: str | None = None) -> Cell:
    key = band(score)
    order = [b[0] for b in BANDS]
    if cap is not None and key in order and order.index(key) < order.index(cap):
        key = cap
    return Cell(score, key)


@dataclass(frozen=True)
class AgeingRow:
    label: str
    detail: str  # a facility's name, an owner's e-mail (small print)
    counts: tuple[int, ...]  # one per AGEING_LABELS
    total: int
    overdue: int


def ageing(actions: tuple[ReportAction, ...], today: date, by: str) -> list[AgeingRow]:
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
class OverdueAudit:
    summary: AuditSummaryView
    audit: AuditRef
    days: int  # past its due date


def overdue_audits(latest, today: date) -> list[OverdueAudit]:
    """Audits past due and not submitted (domain/rules/facility_risk.py), longest overdue first."""
    found = [OverdueAudit(s, a, days_audit_overdue(a.status, a.due, today))
             for s in latest for a in s.overdue_audits]
    return sorted(found, key=lambda o: (-o.days, o.summary.facility.code, o.audit.id))
