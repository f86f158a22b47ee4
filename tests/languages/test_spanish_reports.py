"""The audit report, the final report and the portfolio in Spanish, read back with pdftotext
(and saved as PNG pages for a reviewer to look at: longer Spanish words must not break the
layout). English stays as it was; the final report's embedded JSON stays language-neutral."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial

import pytest

from audit_engine.languages.wording import wording_for
from audit_engine.reporting.renderer import WeasyRenderer
from audit_engine.services.reports.rendering import AuditExtras, audit_pdf
from audit_engine.services.reports.views.portfolio import portfolio_context
from tests.reports import sample_portfolio, sample_views
from tests.reports.pdfs import attachments, layout_text, save_pages_as_png

pytestmark = pytest.mark.slow
MOMENT = datetime(2027, 4, 10, tzinfo=UTC)
SPANISH = AuditExtras(language="es")


@pytest.fixture(scope="module")
def renderer():
    renderer = WeasyRenderer(wording_of=partial(wording_for, user_dir=None))
    yield renderer
    renderer.close()


def test_the_audit_report_in_spanish(renderer):
    pdf = audit_pdf(renderer, sample_views.audit(status="review"), MOMENT, SPANISH)
    text = layout_text(pdf)
    save_pages_as_png(pdf, "audit-report-es")
    for words in ("Reporte de auditoría interna CTPAT", "Resumen ejecutivo",
                  "Calificación general", "Hallazgos y acciones correctivas",
                  "Índice de evidencia", "Página 1 de", "BORRADOR", "Generado el 10 abr 2027"):
        assert words in text, words
    for english in ("Executive summary", "Overall score", "Page 1 of", "Generated"):
        assert english not in text, english
    trail = text.split("Bitácora de auditoría (resumen)")[1]  # each event by name, in Spanish
    assert "Auditoría planeada" in trail and "Trabajo de campo iniciado" in trail, trail
    assert "audit.plan" not in trail and "fabricante extranjero" in text


def test_the_final_report_speaks_its_facilitys_language_and_its_data_none(renderer):
    view = sample_views.audit(status="closed")
    view = replace(view, facility=replace(view.facility, language="es"))
    from audit_engine.services.review.closing import FinalReportStep

    pdf = FinalReportStep(renderer, reports=None).render(view)
    save_pages_as_png(pdf, "final-report-es")
    text = layout_text(pdf)
    assert "Reporte de auditoría interna CTPAT" in text and "BORRADOR" not in text
    data = json.loads(attachments(pdf)[f"{view.id}.json"])
    assert "language" not in data["facility"]
    assert data["status"] == "closed"  # codes, not phrases


def test_the_portfolio_in_spanish(renderer):
    view = sample_portfolio.portfolio(6)
    html = renderer.render_html("portfolio.html", portfolio_context(view, MOMENT), "es")
    pdf = renderer.render_pdf(html)
    save_pages_as_png(pdf, "portfolio-es")
    text = layout_text(pdf)
    for words in ("Portafolio de auditorías CTPAT", "Calificaciones por instalación y categoría",
                  "instalaciones, de mayor a menor riesgo", "menos de 50",
                  "Acciones correctivas abiertas por antigüedad"):
        assert words in text, words


def test_the_audit_report_shows_the_criteria_in_spanish(renderer):
    """Criterion titles and category names from the checklist's Spanish; a criterion the
    Spanish lacks (3.2 is not in the shipped checklist) stays English, marked. The embedded
    JSON keeps the pinned English."""
    from audit_engine.bootstrap.settings import Settings
    from audit_engine.checklists import load_all

    texts = {c.id: c.texts for c in load_all(Settings().shipped_checklists_dir)}
    extras = AuditExtras(language="es",
                         criteria_text=lambda catalog, code: texts[catalog].get(code))
    view = sample_views.audit(status="closed")
    pdf = audit_pdf(renderer, view, MOMENT, extras)
    save_pages_as_png(pdf, "audit-report-criteria-es")
    text = layout_text(pdf)
    for words in ("1. Visión de la seguridad y responsabilidad", "2. Evaluación de riesgos",
                  "Equipo de seguridad multidisciplinario", "(en inglés)",
                  "F-2 · 1.2 Equipo de seguridad multidisciplinario"):
        assert words in text, words
    assert "Cross-functional security team" not in text
    embedded = attachments(pdf)[f"{view.id}.json"].decode()
    assert "Requirement 1.2 on seals" in embedded and "Equipo de seguridad" not in embedded


def test_the_actions_and_portfolio_reports_show_the_criteria_in_spanish(renderer):
    """As the audit report: the action's criterion title from the checklist's Spanish; one the
    Spanish lacks stays English, marked."""
    from audit_engine.bootstrap.settings import Settings
    from audit_engine.checklists import load_all
    from audit_engine.services.reports.views.portfolio import actions_context
    from audit_engine.services.reports.views.shown import titles_in_language

    msc = next(c for c in load_all(Settings().shipped_checklists_dir) if c.id == "ctpat-msc")
    english = {"1.2": "Cross-functional security team", "3.2": "A criterion with no Spanish"}
    titles, _, untranslated = titles_in_language(english, [], msc.texts["es"])
    assert untranslated == {"3.2"}
    actions = tuple(replace(action, criterion_id=key, criterion_title=titles[key],
                            in_english=key in untranslated)
                    for action, key in zip(sample_portfolio.actions(1)[:2], ("1.2", "3.2"),
                                           strict=True))
    for template, context in (
            ("actions.html", actions_context(actions, MOMENT, None)),
            ("portfolio.html", portfolio_context(replace(sample_portfolio.portfolio(1),
                                                         actions=actions), MOMENT))):
        pdf = renderer.render_pdf(renderer.render_html(template, context, "es"))
        text = " ".join(layout_text(pdf).split())
        assert "(en inglés)" in text, template  # after 3.2, the Spanish lacks it
        # the portfolio lists only overdue actions: the 1.2 one is not due yet
        assert ("Equipo de" in text) == (template == "actions.html"), text
        assert "Cross-functional" not in text, template
