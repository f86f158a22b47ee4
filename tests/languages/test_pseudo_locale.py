"""Completeness: every mail kind and every report (the audit report, the final report, the
portfolio, the corrective actions) rendered in a pseudo-locale made from
messages.pot at test time (`en_XA`: every entry bracketed ⟦…⟧ and accented). Any English word
left outside the brackets that is not data is text nobody marked for translation."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from audit_engine.languages.catalogues import shipped_dir
from audit_engine.languages.wording import wording_for
from audit_engine.reporting.templates import Templates, template_dirs
from audit_engine.services.reports.views.audit import audit_report_context
from audit_engine.services.reports.views.models import ProfileLine
from audit_engine.workflow.tables import WORKFLOWS
from tests.languages.pseudo import (
    PSEUDO,
    english_left,
    stored_strings,
    values,
    write_pseudo_locale,
)
from tests.reports import sample_views

MAILS = sorted(p.name.removesuffix(".subject.txt")
               for p in (shipped_dir().parents[2] / "report_templates" / "email").glob(
                   "*.subject.txt"))
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A template folder whose languages/ holds the pseudo-locale (as an operator's would)."""
    return write_pseudo_locale(tmp_path_factory.mktemp("pseudo"))


@pytest.mark.parametrize("kind", MAILS)
def test_every_mail_kind_is_marked_throughout(folder, kind):
    from tests.languages.mail_contexts import CONTEXT

    templates = Templates(template_dirs(folder), wording_for(PSEUDO, folder))
    for part in ("subject.txt", "txt", "html"):
        text = templates.render(f"email/{kind}.{part}", CONTEXT)
        assert "⟦" in text
        left = english_left(text.replace("<title>", "").split("<style")[0], values(CONTEXT))
        assert left == [], f"{kind}.{part}: {left}"


@pytest.mark.parametrize("full_trail", [False, True], ids=["trail summary", "every event"])
def test_the_audit_report_is_marked_throughout(folder, full_trail):
    view = dataclasses.replace(
        sample_views.audit(status="review", n_events=len(sample_views.ACTIONS)),
        profile=ProfileLine("partial", 23, (("cbp", 10), ("secondary", 1), ("assumed", 12)),
                            True))
    context = audit_report_context(view, datetime(2027, 4, 10, tzinfo=UTC), {},
                                   full_trail=full_trail)
    html = Templates(template_dirs(folder), wording_for(PSEUDO, folder)).render(
        "audit_report.html", context)
    body = re.sub(r"<style.*?</style>|<head>.*?</head>", " ", html, flags=re.S)
    data = values({k: v for k, v in context.items() if isinstance(v, str)})
    data += [a.title for a in view.answers] + [c.name for c in view.categories]
    data += [f.description for f in view.findings] + [f.label for f in view.findings]
    data += [a.plan for f in view.findings for a in f.actions] + [e.name for e in view.evidence]
    data += [a.root_cause for f in view.findings for a in f.actions if a.root_cause]
    data += [view.facility.name, view.checklist_id]
    data += [p.name for p in view.persons] + [e.summary for e in view.events if e.summary]
    data += [e.id for e in view.evidence] + [a.id for f in view.findings for a in f.actions]
    data += [view.facility.code, view.checklist_hash] + MONTHS  # dates by CLDR, not text
    data += [a.note for a in view.answers if a.note]
    left = english_left(body, data)
    assert left == [], " ".join(sorted(set(left)))


def _left_in(folder, template: str, context: dict, data: list[str]) -> list[str]:
    html = Templates(template_dirs(folder), wording_for(PSEUDO, folder)).render(template, context)
    assert "⟦" in html, template
    body = re.sub(r"<style.*?</style>|<head>.*?</head>", " ", html, flags=re.S)
    return english_left(body, [d for d in data if d.strip()] + MONTHS)


def _risk(facility: str, assessment: str | None = "RA-1"):
    from datetime import date

    from audit_engine.services.reports.views.models import RiskLine

    return RiskLine(facility, assessment, date(2026, 6, 1), date(2027, 6, 1),
                    (("high", 1), ("medium", 0), ("low", 2)) if assessment else ())


def test_the_final_report_is_marked_throughout(folder):
    from dataclasses import replace

    view = sample_views.audit(status="closed")
    view = replace(view, risk=_risk(view.facility.code))
    context = audit_report_context(view, datetime(2027, 4, 10, tzinfo=UTC), {})
    codes = {e.action for e in view.events} | {view.facility.entity_type}  # worded, not data
    data = [s for s in stored_strings(view) if s not in codes]
    data += values({k: v for k, v in context.items() if isinstance(v, str)})
    left = _left_in(folder, "audit_report.html", context, data)
    assert left == [], " ".join(sorted(set(left)))


def test_the_portfolio_and_actions_reports_are_marked_throughout(folder):
    from dataclasses import replace

    from audit_engine.services.reports.views.portfolio import actions_context, portfolio_context
    from tests.reports import sample_portfolio

    moment = datetime(2027, 4, 10, tzinfo=UTC)
    view = sample_portfolio.portfolio(4)
    view = replace(view, risk=(_risk("MX-TIJ-01"), _risk("US-LRD-01", None)))
    actions = sample_portfolio.actions(4)
    for template, context, data in (
            ("portfolio.html", portfolio_context(view, moment), stored_strings(view)),
            ("actions.html", actions_context(actions, moment, None), stored_strings(actions))):
        left = _left_in(folder, template, context, data)
        assert left == [], f"{template}: {' '.join(sorted(set(left)))}"


def test_every_workflow_step_is_an_event_the_report_words():
    """The report words each kind of trail event (report_templates/audit/trail.html); the
    sample trail holds every kind, so a workflow step added without words fails above."""
    steps = {f"{w.name}.{event}" for w in WORKFLOWS.values() for event in w.events}
    assert steps <= set(sample_views.ACTIONS)
