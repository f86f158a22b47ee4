"""The portfolio of a two-facility, two-quarter history, read back as a manager would, in
December and again in February (states made with the scheduler's clock: its tick opens each
programme's quarterly audit).

US-NJ-01's 2026-Q4 audit failed two musts; by December one is remediated (verified), one is
open and overdue. MX-01's 2026-Q4 audit stays in fieldwork past its due date. In February the
tick has opened both 2027-Q1 audits (planned, empty) and NJ's second must is verified too.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from audit_engine.bootstrap.app import build_app
from audit_engine.domain.clock import FixedClock
from audit_engine.services.actions import actions
from audit_engine.services.administration import setup
from audit_engine.services.calendar import programs
from audit_engine.services.reports import rendering
from audit_engine.services.reports.portfolio_data import load_portfolio
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import LEAD, OFFICER, OWNER
from tests.reports.pdfs import layout_text, save_pages_as_png
from tests.scheduling.ticking import tick

pytestmark = pytest.mark.slow
SMALL_CHECKLISTS = Path(__file__).parent / "checklists"
NJ, MX = world.FACILITY, "MX-01"
OCTOBER = datetime(2026, 10, 1, 7, tzinfo=UTC)
NOVEMBER = datetime(2026, 11, 2, 9, tzinfo=UTC)
DECEMBER = datetime(2026, 12, 15, 9, tzinfo=UTC)
FEBRUARY = datetime(2027, 2, 10, 9, tzinfo=UTC)


def at(app, moment: datetime) -> None:
    app.clock = FixedClock(moment)


def opened(app, facility: str, period: str) -> str:
    from audit_engine.services.pages.reads import audits_for

    [audit] = [a for a in audits_for(app.uow(), actor=as_cli(OFFICER))
               if a.facility == facility and a.period == period]
    return audit.id


@pytest.fixture
def history(settings, tmp_path):
    """-> (app, {name: audit or action id}); the app's clock is in December."""
    app = build_app(dataclasses.replace(settings, checklist_dirs=(SMALL_CHECKLISTS,)))
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    at(app, OCTOBER)
    world.cast(app)
    for code in (NJ, MX):
        programs.add_program(app.uow(), app.clock, app.catalogs(), actor=as_cli(OFFICER),
                             facility=code, checklist="test-small", lead=LEAD,
                             first_from=OCTOBER.date())
    tick(app, OCTOBER, send=False)
    ids = {"nj_q4": opened(app, NJ, "2026-Q4"), "mx_q4": opened(app, MX, "2026-Q4")}
    at(app, NOVEMBER)
    world.to_review(app, ids["nj_q4"], tmp_path, {"SEAL-1": "non_compliant",
                                                  "SEAL-3": "partial"})
    ids["fixed"], ids["late"] = world.approve_with_actions(app, ids["nj_q4"], "Fix {criterion}",
                                                          date(2026, 12, 1))
    step(app, ids["fixed"], "verify")
    transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(LEAD), audit=ids["mx_q4"])
    at(app, DECEMBER)
    yield app, ids
    app.dispose()


def step(app, action: str, last: str) -> None:
    store = app.evidence_store()
    for actor, event in ((OWNER, "start"), (OWNER, "implement"), (OFFICER, last)):
        actions.act_on(app.uow(), app.clock, store, actor=as_cli(actor), action=action, event=event,
                       note=f"{event} done")


def portfolio_pdf(app, name: str) -> str:
    out = rendering.render_portfolio(app.uow(), app.renderer(), app.clock,
                                     output=app.settings.home / f"{name}.pdf")
    data = out.path.read_bytes()
    save_pages_as_png(data, name)
    return layout_text(data)


def row_of(page: str, code: str) -> str:
    """The facility's grid row: its line and the next (a cell's small print)."""
    lines = page.splitlines()
    [n] = [n for n, ln in enumerate(lines) if re.match(rf"\s*{re.escape(code)}\b", ln)]
    return lines[n] + "\n" + lines[n + 1]


def test_december_and_february(history):
    app, ids = history
    text = portfolio_pdf(app, "portfolio-december")
    page1 = text.split("\f")[0]
    assert page1.index(NJ) < page1.index(MX)  # NJ: one open must failure
    nj = row_of(page1, NJ)
    assert ids["nj_q4"] in nj and "remediation" in nj
    # one open must, one overdue action, the audit not late
    assert re.search(r"\b1\s+1\s+no\b", nj.splitlines()[0]), nj
    assert "1 fixed" in page1  # the remediated must stays visible as history
    assert "no results yet" in row_of(page1, MX)
    assert "Audits due in 2027-Q1" in text
    due = text[text.index("Audits due in 2027-Q1"):]
    assert NJ in due and MX in due and "opens with its programme" in due

    at(app, FEBRUARY)
    tick(app, FEBRUARY, send=False)  # opens both 2027-Q1 audits: planned, empty
    step(app, ids["late"], "verify")
    text = portfolio_pdf(app, "portfolio-february")
    page1 = text.split("\f")[0]
    assert page1.index(MX) < page1.index(NJ)  # MX: its audit is past due, not submitted
    mx = row_of(page1, MX)
    assert ids["mx_q4"] in mx and "fieldwork" in mx  # flagged on page 1
    nj = row_of(page1, NJ)
    assert ids["nj_q4"] in nj and "2026-Q4" in nj  # the planned Q1 audit does not replace it
    assert re.search(r"\b0\s+0\s+no\s+\d{1,3}%", nj), nj  # remediated musts are not open
    assert "–" not in nj.splitlines()[0]
    assert "first audit" in page1
    assert "2 fixed" in page1
    assert "Audits due in 2027-Q2" in text
    assert re.search(rf"{ids['mx_q4']}\s+2026-Q4\s+fieldwork", text)  # the overdue list

    with app.uow().reading() as uow:
        view = load_portfolio(uow.session, FEBRUARY.date())
    late = {s.facility.code: s.overdue_audits for s in view.latest}
    assert [a.id for a in late[MX]] == [ids["mx_q4"]] and not late[NJ]
