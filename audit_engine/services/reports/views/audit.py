"""Small pure functions that turn report views into what the templates show.

Each function answers one question (a score, a count, an overdue flag) so tests call it
directly; `audit_report_context` only assembles their answers. No I/O and no "now": the moment a
report speaks about is always passed in (a closed audit's report uses its closing time).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from audit_engine.domain.formats.times import local_moment
from audit_engine.domain.rules import lifecycle, overdue
from audit_engine.domain.rules.scoring import POINTS
from audit_engine.services.reports.views.charts import bar_chart, line_chart
from audit_engine.services.reports.views.models import (
    SEVERITIES,
    CategoryView,
    ReportAction,
    ReportAnswer,
    ReportAudit,
    ReportEvent,
    ReportEvidence,
    ReportFinding,
    ScorePoint,
)

RESULT_LABELS = {
    "compliant": "Compliant",
    "partial": "Partial",
    "non_compliant": "Non-compliant",
    "not_applicable": "N/A",
    None: "Not answered",
}
OPEN_ACTION_STATES = ("open", "in_progress", "implemented")


def score(answers: list[ReportAnswer] | tuple[ReportAnswer, ...]) -> float | None:
    """The scoring rule of domain.scoring (N/A and unanswered excluded), as a ratio."""
    points = [POINTS[a.result] for a in answers if a.result in POINTS]
    return sum(points) / len(points) if points else None


def category_scores(audit: ReportAudit) -> dict[str, float | None]:
    return {c.id: score([a for a in audit.answers if a.category_id == c.id])
            for c in audit.categories}


def failed_musts(answers: tuple[ReportAnswer, ...]) -> list[ReportAnswer]:
    failing = (lifecycle.Result.PARTIAL, lifecycle.Result.NON_COMPLIANT)
    return [a for a in answers if a.level == "must" and a.result in failing]


def findings_by_severity(findings: tuple[ReportFinding, ...]) -> dict[str, int]:
    """Confirmed and draft findings per severity; dismissed ones do not count."""
    counts = Counter(f.severity for f in findings if f.status != "dismissed")
    return {severity: counts.get(severity, 0) for severity in SEVERITIES}


def is_overdue(action: ReportAction, today: date) -> bool:
    """domain/rules/overdue.py's rule (the one every report, reminder and digest uses)."""
    return overdue.is_overdue(action.status, action.due, today)


def action_status_counts(actions: list[ReportAction], today: date) -> dict[str, int]:
    counts = Counter(a.status for a in actions)
    result = {status: counts.get(status, 0) for status in (*OPEN_ACTION_STATES, "verified")}
    result["overdue"] = sum(is_overdue(a, today) for a in actions)
    return result


def all_actions(findings: tuple[ReportFinding, ...]) -> list[ReportAction]:
    return [action for finding in findings for action in finding.actions]


def score_change(history: tuple[ScorePoint, ...], current: float | None) -> float | None:
    """Change of the overall score since the facility's previous scored audit."""
    earlier = [p.score for p in history if p.score is not None]
    if current is None or not earlier:
        return None
    return current - earlier[-1]


@dataclass(frozen=True)
class CategorySection:
    category: CategoryView
    score: float | None
    answers: tuple[ReportAnswer, ...]


def results_by_category(audit: ReportAudit) -> list[CategorySection]:
    scores = category_scores(audit)
    return [CategorySection(c, scores[c.id],
                            tuple(a for a in audit.answers if a.category_id == c.id))
            for c in audit.categories]


def evidence_index(evidence: tuple[ReportEvidence, ...]) -> list[ReportEvidence]:
    return sorted(evidence, key=lambda e: (e.added_at or datetime.min, e.name, e.id))


def criterion_titles(audit: ReportAudit) -> dict[str, str]:
    return {a.criterion_id: a.title for a in audit.answers}


def score_by_category_chart(audit: ReportAudit):
    scores = category_scores(audit)
    return bar_chart([(c.id, c.name, scores[c.id]) for c in audit.categories])


def score_trend_chart(audit: ReportAudit, current: float | None, quarters: int = 6):
    points = [(p.period, p.score) for p in audit.history][-(quarters - 1):]
    return line_chart([*points, (audit.period, current)])


def report_title(audit: ReportAudit) -> str:
    return f"CTPAT audit report {audit.facility.code} {audit.period}"


def trend_points(audit: ReportAudit, current: float | None, quarters: int = 6) -> int:
    """How many scored points the trend chart would draw (it is left out below two)."""
    earlier = [p for p in audit.history if p.score is not None][-(quarters - 1):]
    return len(earlier) + (current is not None)


@dataclass(frozen=True)
class TrailSummary:
    """What the report prints of the trail instead of every event (each one stays in the
    audit's embedded JSON and in its archive's trail.json)."""

    count: int
    first: ReportEvent | None
    last: ReportEvent | None
    head_at_close: ReportEvent | None  # the audit.close event, once closed
    by_action: tuple[tuple[str, int], ...]  # (action, events), most frequent first, then
    # in the order they first happened (the words differ by language; the story does not)


def trail_summary(events: list[ReportEvent]) -> TrailSummary:
    closes = [e for e in events if e.action == "audit.close"]
    counts = Counter(e.action for e in events)  # keys in the order first seen
    return TrailSummary(len(events), events[0] if events else None,
                        events[-1] if events else None, closes[-1] if closes else None,
                        tuple(sorted(counts.items(), key=lambda kv: -kv[1])))


def audit_report_context(audit: ReportAudit, generated_at: datetime,
                         images: dict[str, str] | None = None, *,
                         full_trail: bool = False) -> dict:
    """Everything the audit report template shows, computed once.

    `generated_at` is the moment the report speaks about: for a closed audit the caller passes
    its closing time, so rendering it again gives the same report. `images`: {E-n: data URI}
    of evidence photos (services/reports/images.py). `full_trail`: print every trail event
    (the `report_full_trail` setting) instead of the summary.
    """
    events = sorted(audit.events, key=lambda e: e.seq)
    overall = score(audit.answers)
    actions = all_actions(audit.findings)
    today = local_moment(generated_at, audit.facility.time_zone).date()  # the facility's day
    return {
        "title": report_title(audit),
        "audit": audit,
        "facility": audit.facility,
        "draft": not audit.is_closed,
        "generated_at": generated_at,
        "time_zone": audit.facility.time_zone,  # the `when` filter's zone
        "today": today,
        "overall": overall,
        **_scores(audit, overall),
        "severity_counts": findings_by_severity(audit.findings),
        "action_counts": action_status_counts(actions, today),
        "overdue_ids": {a.id for a in actions if is_overdue(a, today)},
        "sections": results_by_category(audit),
        "criterion_titles": criterion_titles(audit),
        "evidence": evidence_index(audit.evidence),
        "events": events,
        "full_trail": full_trail,
        "trail": trail_summary(events),
        "thumbnails": images or {},
        "evidence_by_id": {e.id: e for e in audit.evidence},
        "managers": audit.managers,
        "result_labels": RESULT_LABELS,
        "persons": {p.email: p for p in audit.persons},
    }


def _scores(audit: ReportAudit, overall: float | None) -> dict:
    """The audit report's scores: by category, the change since the last audit, the failed
    musts, and the charts of both."""
    return {
        "category_scores": category_scores(audit),
        "change": score_change(audit.history, overall),
        "failed_musts": failed_musts(audit.answers),
        "category_chart": score_by_category_chart(audit),
        "trend_chart": (score_trend_chart(audit, overall)
                        if trend_points(audit, overall) >= 2 else None),
    }
