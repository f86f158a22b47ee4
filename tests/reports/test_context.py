"""The report context's small pure functions, called directly."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

from audit_engine.services.reports.views.audit import (
    action_status_counts,
    all_actions,
    audit_report_context,
    category_scores,
    failed_musts,
    findings_by_severity,
    is_overdue,
    score,
    score_change,
    trail_summary,
)
from audit_engine.services.reports.views.charts import bar_chart, line_chart, tone
from audit_engine.services.reports.views.export import audit_export_json
from audit_engine.services.reports.views.models import ReportAction, ReportAnswer, ScorePoint
from audit_engine.services.reports.views.portfolio import (
    next_quarter,
    open_actions,
    overdue_by_owner,
)
from tests.reports import sample_views as sv


def answer(result, level="must", category="1"):
    return ReportAnswer("1.1", category, "t", level, result)


def test_score_counts_partial_half_and_leaves_out_na_and_unanswered():
    answers = [answer("compliant"), answer("partial"), answer("non_compliant"),
               answer("not_applicable"), answer(None)]
    assert score(answers) == 0.5
    assert score([answer("not_applicable")]) is None


def test_category_scores_and_failed_musts_of_sample_audit():
    audit = sv.audit(n_categories=2, per_category=5)
    scores = category_scores(audit)
    assert set(scores) == {"1", "2"}
    assert all(0 <= s <= 1 for s in scores.values())
    assert all(a.level == "must" and a.result in ("partial", "non_compliant")
               for a in failed_musts(audit.answers))


def test_overdue_is_derived_from_due_date_and_status():
    today = date(2027, 5, 1)
    late = ReportAction("CA-1", "F-1", "o@x", date(2027, 4, 30), "open")
    verified = ReportAction("CA-2", "F-1", "o@x", date(2027, 4, 1), "verified")
    on_time = ReportAction("CA-3", "F-1", "o@x", date(2027, 5, 1), "in_progress")
    assert [is_overdue(a, today) for a in (late, verified, on_time)] == [True, False, False]
    counts = action_status_counts([late, verified, on_time], today)
    assert counts == {"open": 1, "in_progress": 1, "implemented": 0, "verified": 1, "overdue": 1}
    assert list(overdue_by_owner((late, verified, on_time), today)) == ["o@x"]
    assert [a.id for a in open_actions((late, verified, on_time))] == ["CA-1", "CA-3"]


def test_score_change_uses_the_previous_scored_audit():
    history = (ScorePoint("2026-Q3", 0.5), ScorePoint("2026-Q4", None))
    assert score_change(history, 0.75) == 0.25
    assert score_change((), 0.75) is None


def test_findings_by_severity_ignores_dismissed():
    audit = sv.audit(n_findings=3)
    assert sum(findings_by_severity(audit.findings).values()) == 3
    assert len(all_actions(audit.findings)) == 3


def test_charts_are_geometry_with_escaped_labels_left_to_templates():
    chart = bar_chart([("1", "Seals", 1.0), ("2", "Access", 0.5), ("3", "<b>", None)])
    full, half, empty = chart.bars
    assert full.height == 2 * half.height and empty.height == 0
    assert (full.tone, half.tone, empty.tone) == ("good", "bad", "none") and tone(0.8) == "warn"
    assert empty.title == "<b>"  # escaped by the template, not here
    line = line_chart([("2026-Q4", 0.5), ("2027-Q1", None), ("2027-Q2", 1.0)])
    assert len(line.ticks) == 3 and len(line.points) == 2
    assert line.points[1].y < line.points[0].y


def test_context_speaks_as_of_the_given_moment_and_marks_drafts():
    moment = datetime(2027, 4, 10, tzinfo=UTC)
    draft = audit_report_context(sv.audit(status="review"), moment)
    closed = audit_report_context(sv.audit(status="closed"), moment)
    assert draft["draft"] and not closed["draft"]
    assert draft["generated_at"] == moment and draft["today"] == date(2027, 4, 10)
    assert draft["overdue_ids"] == set()  # every action is due 2027-04-01 or later
    later = audit_report_context(sv.audit(status="review"), datetime(2027, 5, 10, tzinfo=UTC))
    assert later["overdue_ids"] == {"CA-1", "CA-3"}  # CA-2 is verified


def test_next_quarter_wraps_the_year():
    assert next_quarter(date(2027, 2, 3)) == "2027-Q2"
    assert next_quarter(date(2027, 11, 30)) == "2028-Q1"


def test_export_json_is_deterministic_and_complete():
    first, second = audit_export_json(sv.audit()), audit_export_json(sv.audit())
    assert first == second
    data = json.loads(first)
    assert data["id"] == "A-2027Q1-001" and len(data["answers"]) == 12
    assert data["scores"]["overall"] == score(sv.audit().answers)


def test_the_trail_summary_counts_events_by_kind_in_the_order_they_first_happened():
    kinds = ("audit.plan", "audit.start", "answer.record", "answer.record", "evidence.add",
             "audit.submit")
    events = [replace(e, action=kind) for e, kind in zip(sv.events(6), kinds, strict=True)]
    assert trail_summary(events).by_action == (
        ("answer.record", 2), ("audit.plan", 1), ("audit.start", 1), ("evidence.add", 1),
        ("audit.submit", 1))
