"""The pages a manager reads first, rendered and read back with their layout (pdftotext
-layout): every heat-grid score is one token, a 150-character plan takes at most four lines,
each finding and action names its criterion, people appear by name. Every page is also saved
as PNG in the test artifact folder (tests/reports/pdfs.py) for a reviewer to look at."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

import pytest

from audit_engine.domain.rules.overdue import is_overdue
from audit_engine.reporting.renderer import WeasyRenderer
from audit_engine.services.reports.rendering import audit_pdf
from audit_engine.services.reports.views.portfolio import actions_context, portfolio_context
from tests.reports import sample_portfolio as sp
from tests.reports import sample_views as sv
from tests.reports.pdfs import layout_text, pages_text, save_pages_as_png

pytestmark = pytest.mark.slow
NOW = datetime(2027, 5, 3, 8, tzinfo=UTC)
SCORE = re.compile(r"^(100|\d{1,2})%$")


@pytest.fixture(scope="module")
def renderer():
    return WeasyRenderer()


@pytest.fixture(scope="module")
def portfolio(renderer):
    view = sp.portfolio(12)
    html = renderer.render_html("portfolio.html", portfolio_context(view, NOW))
    pdf = renderer.render_pdf(html)
    save_pages_as_png(pdf, "portfolio")
    return view, pdf


@pytest.fixture(scope="module")
def actions_pdf(renderer):
    view = sp.portfolio(12)
    pdf = renderer.render_pdf(renderer.render_html("actions.html",
                                                   actions_context(view.actions, NOW)))
    save_pages_as_png(pdf, "actions")
    return view.actions, pdf


@pytest.fixture(scope="module")
def audit_report(renderer):
    view = sv.audit(status="review")
    pdf = audit_pdf(renderer, view, NOW)
    save_pages_as_png(pdf, "audit")
    return view, pdf


def test_every_portfolio_score_is_one_token(portfolio):
    view, pdf = portfolio
    first_page = layout_text(pdf).split("\f")[0]
    for summary in view.latest:
        [line] = [ln for ln in first_page.splitlines() if f"{summary.facility.code} " in ln]
        tokens = [t for t in line.split() if t.endswith("%")]
        scored = [v for v in (summary.overall, *summary.category_scores.values())
                  if v is not None]
        assert len(tokens) == len(scored), line
        assert all(SCORE.match(t) for t in tokens), line
    assert "100%" in first_page  # the widest score, still one token
    assert not re.search(r"(?m)^\s*%\s*$", first_page)  # no "%" wrapped onto its own line


def test_portfolio_orders_by_risk_and_shows_ageing_and_what_is_due(portfolio):
    view, pdf = portfolio
    text = layout_text(pdf)
    codes = [s.facility.code for s in view.latest]
    order = sorted(codes, key=text.index)
    late = Counter(a.facility_code for a in view.actions
                   if is_overdue(a.status, a.due, NOW.date()))
    risk = {s.facility.code: (len(s.open_musts), bool(s.overdue_audits), late[s.facility.code])
            for s in view.latest}
    ranked = [risk[c] for c in order]  # domain/rules/facility_risk.py's first three keys
    assert ranked == sorted(ranked, reverse=True), list(zip(order, ranked, strict=True))
    for heading in ("Open corrective actions by age", "Per facility", "Per owner",
                    "Audits due in 2027-Q3", "Audits overdue", "90-100%", "below 50%"):
        assert heading in text
    assert re.search(r"not due\s+1-30\s+31-60\s+61-90\s+>90\s+Open", text)
    assert "Owner Number0" in text and "A-107" in text
    assert "<svg" not in text and pdf.count(b"/Subtype /Image") == 0  # trends are vectors


def test_a_150_character_plan_takes_at_most_four_lines(actions_pdf):
    actions, pdf = actions_pdf
    lines = layout_text(pdf).splitlines()
    plan = sp.LONG_PLAN
    starts = [n for n, ln in enumerate(lines) if plan[:20] in ln]
    assert len(starts) >= 5
    tail = plan.split()[-1]
    for start in starts:
        end = next(n for n in range(start, start + 10) if tail in lines[n])
        assert end - start + 1 <= 4, "\n".join(lines[start:end + 1])


def test_findings_and_actions_name_their_criterion(actions_pdf, audit_report):
    actions, pdf = actions_pdf
    text = layout_text(pdf)
    for action in actions[:10]:
        assert re.search(rf"{action.finding_id} · 6\.2 Seal verification", text), action.id
    view, report = audit_report
    text = layout_text(report)
    for finding in view.findings:
        assert f"{finding.id} · {finding.criterion_id} {finding.criterion_title}" in text


def test_people_appear_by_name_with_the_email_in_small_print(audit_report):
    view, pdf = audit_report
    pages = pages_text(pdf)
    cover, trail = pages[0], pages[-1]
    assert "Alba Auditora" in cover and "auditor@example.com" in cover
    assert "Mario Manager" in cover
    assert re.search(r"Alba Auditora\s*\(Auditor", trail)  # "Name (Role)"
    signoff = next(p for p in pages if "Sign-off" in p)
    assert "Lead auditor: Alba Auditora" in signoff
