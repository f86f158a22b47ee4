"""Scores in the risk grids are written by the template in its reader's language (Babel's
format_percent): "88 %" in Spanish, "88%" in English, in the portfolio PDF's heat grid and in
the dashboards' SVG grid alike. The views carry the number, never the text."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import partial

from audit_engine.languages.wording import wording_for
from audit_engine.reporting.pages import PageTemplates, page_dirs
from audit_engine.reporting.renderer import WeasyRenderer
from audit_engine.services.reports.views.grid import risk_grid
from audit_engine.services.reports.views.portfolio import portfolio_context
from audit_engine.services.reports.views.risk import risk_rows
from tests.reports import sample_portfolio

MOMENT = datetime(2027, 5, 3, tzinfo=UTC)
WORDING = partial(wording_for, user_dir=None)


def scores(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def test_the_portfolio_heat_grid_writes_scores_in_the_readers_language():
    renderer = WeasyRenderer(wording_of=WORDING)
    try:
        context = portfolio_context(sample_portfolio.portfolio(3), MOMENT)
        cells = r'<td class="score band-\w+">(?:<strong>)?([^<]*)<'
        spanish = scores(renderer.render_html("portfolio.html", context, "es"), cells)
        english = scores(renderer.render_html("portfolio.html", context, "en"), cells)
    finally:
        renderer.close()
    assert len(spanish) == len(english) > 12
    assert "100\xa0%" in spanish and "100%" in english  # "1" is a full score in every row
    assert all(re.fullmatch(r"\d{1,3}\xa0%|–", s) for s in spanish), spanish
    assert all(re.fullmatch(r"\d{1,3}%|–", s) for s in english), english


def test_the_dashboard_grid_writes_scores_in_the_readers_language():
    view = sample_portfolio.portfolio(2)
    ids = [c.id for c in view.categories]
    grid = risk_grid(risk_rows(view.latest, ids, view.actions, MOMENT.date()), view.categories)
    assert all(isinstance(c.score, float | None) for r in grid.rows for c in r.cells)
    pages = PageTemplates(page_dirs(None), WORDING)
    spanish = pages.render("_risk_grid.html", {"grid": grid}, "es")
    english = pages.render("_risk_grid.html", {"grid": grid}, "en")
    cell = r'font-size="11">([^<]*)</text>'
    assert "100\xa0%" in scores(spanish, cell) and "100%" in scores(english, cell)
    assert ": 100\xa0%" in spanish  # each cell's title names its score the same way
    assert "90-100 %" in spanish and "90-100%" in english  # the legend's bands
