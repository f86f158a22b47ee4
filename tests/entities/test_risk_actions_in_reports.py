"""A risk assessment's action-plan item in the managers' reports, on a real database (SQLite and
PostgreSQL): the corrective-actions report and the portfolio's ageing and overdue tables list it
by its assessment, facility and owner (read back from the real PDFs), the CSV export and the
facility manager's weekly digest name its assessment, and once verified it leaves every open
list."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest

from audit_engine.domain.clock import FixedClock
from audit_engine.services.actions import actions
from audit_engine.services.reports import rendering
from audit_engine.services.reports.exports import actions_table, export_file
from audit_engine.services.risk import assessments
from tests.acting import as_cli
from tests.entities.test_profiles_and_risk import NOW, OFFICER, OWNER, cast
from tests.reports.pdfs import layout_text, pages_text, save_pages_as_png

pytestmark = pytest.mark.slow
LATE = FixedClock(datetime(2026, 12, 20, 8, 0, tzinfo=UTC))  # 10 days after the due date
LABEL = 'Risk assessment 2026, action plan for threat "Cargo theft at the yard" (high)'


@pytest.fixture
def planned(app):
    """NJ-01's 2026 assessment with one high-rated threat and its action-plan item."""
    app.clock = FixedClock(NOW)
    cast(app)
    uow, clock = app.uow, app.clock
    msc = next(c for c in app.catalogs() if c.id == "ctpat-msc")
    ra = assessments.open_assessment(uow(), clock, actor=as_cli(OFFICER), facility="NJ-01").id
    view = assessments.add_item(uow(), clock, msc, actor=as_cli(OFFICER), assessment=ra,
                                kind="threat",
                                name="Cargo theft at the yard", rating="high")  # fmt: skip
    view = assessments.add_plan_action(
        uow(), clock, actor=as_cli(OFFICER), assessment=ra, owner=OWNER, due=date(2026, 12, 10),
        plan="Light the trailer yard and add a night guard", item=view.items[0].id,
    )  # fmt: skip
    return ra, view.actions[0].id


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def cells(pdf: bytes) -> str:
    """The PDF's text cell by cell (a wrapped cell's lines joined by single spaces)."""
    return one_line(" ".join(pages_text(pdf)))


def render(app, tmp_path, clock, name: str) -> tuple[bytes, bytes]:
    """(corrective-actions report, portfolio) PDFs, rendered as the CLI and web do."""
    renderer = app.renderer()
    listed = rendering.render_actions(app.uow(), renderer, clock, output=tmp_path / f"{name}-a.pdf")
    portfolio = rendering.render_portfolio(app.uow(), renderer, clock,
                                           output=tmp_path / f"{name}-p.pdf")  # fmt: skip
    pdfs = [listed.path.read_bytes(), portfolio.path.read_bytes()]
    save_pages_as_png(pdfs[0], f"risk-actions-{name}")
    save_pages_as_png(pdfs[1], f"risk-portfolio-{name}")
    return pdfs[0], pdfs[1]


def test_a_risk_action_is_in_the_reports_until_verified(app, planned, tmp_path):
    ra, action = planned
    listed, portfolio = render(app, tmp_path, LATE, "open")

    lines = layout_text(listed)
    assert "1 open, 1 overdue" in lines
    [row] = [ln for ln in lines.splitlines() if ln.strip().startswith(action)]
    assert "NJ-01" in row and "Light the trailer yard" in row and OWNER in row
    # the action, its source under it, what it addresses, its facility
    assert f"{action} {ra} {ra} · {LABEL} NJ-01" in cells(listed) and "OVERDUE 10 d" in lines

    layout = layout_text(portfolio)
    ageing = layout[layout.index("Per facility"):layout.index("Audits due in")]
    [facility] = [ln for ln in ageing.splitlines() if ln.strip().startswith("NJ-01")]
    assert facility.split()[-1] == "1"  # one open action at NJ-01, in the 1-30 days column
    assert any(OWNER in ln and ln.split()[-1] == "1" for ln in ageing.splitlines())
    overdue = cells(portfolio)
    overdue = overdue[overdue.index("Overdue corrective actions "):]
    assert f"{action} {ra} · {LABEL} NJ-01 {ra} 2026-12-10 10 open" in overdue

    table = export_file(actions_table(app.uow(), LATE), "csv", "actions").data
    rows = list(csv.reader(io.StringIO(table.decode("utf-8-sig"))))
    assert rows[0][-1] == "Risk assessment"
    [mine] = [r for r in rows if r[0] == action]
    assert mine[1:3] == ["", ""] and mine[3] == "NJ-01" and mine[-1] == f"{ra} · {LABEL}"
    assert mine[-2] == "10"  # days overdue

    verify(app, tmp_path, action)
    listed, portfolio = render(app, tmp_path, LATE, "verified")
    assert action not in cells(listed) and "No open corrective actions." in cells(listed)
    assert action not in cells(portfolio) and "No overdue corrective actions." in cells(portfolio)


def verify(app, tmp_path, action: str) -> None:
    uow, clock, store = app.uow, app.clock, app.evidence_store()
    log = tmp_path / "guard-rota.pdf"
    log.write_bytes(b"%PDF night guard rota")
    actions.act_on(uow(), clock, store, actor=as_cli(OWNER), action=action, event="start")
    actions.act_on(uow(), clock, store, actor=as_cli(OWNER), action=action, event="implement",
                   evidence=log, note="lights and guard since December")  # fmt: skip
    actions.act_on(uow(), clock, store, actor=as_cli(OFFICER), action=action, event="verify")


def test_the_cli_lists_a_risk_action_with_its_assessment(app, planned, cli, tmp_path):
    ra, action = planned
    out = tmp_path / "mine.pdf"
    done = cli("report", "actions", "--owner", OWNER, "-o", str(out), "--as", OWNER)
    assert done.returncode == 0, done.stderr
    assert f"{action} {ra} {ra} · {LABEL} NJ-01" in cells(out.read_bytes())
    listed = cli("action", "list", "--as", OWNER)
    assert listed.returncode == 0 and f"{ra} · {LABEL}" in listed.stdout, listed.stderr


def test_a_risk_action_is_in_the_facility_managers_weekly_digest(app, planned):
    from sqlmodel import select

    from audit_engine.services.administration import people
    from audit_engine.storage.models.scheduling import OutboxMessage
    from tests.scheduling.ticking import tick

    ra, action = planned
    manager = "mgr@example.com"
    people.add_user(app.uow(), app.clock, actor=as_cli("admin@example.com"), email=manager,
                    name="Mo",
                    roles=["manager"], facilities=["NJ-01"])  # fmt: skip
    summary = tick(app, datetime(2026, 12, 14, 7, 0, tzinfo=UTC), send=False)  # a Monday
    assert not summary.errors, summary.errors
    with app.uow().reading() as reading:
        [digest] = reading.session.exec(select(OutboxMessage).where(
            OutboxMessage.rule == "weekly_digest")).all()  # fmt: skip
    assert digest.recipients == [manager] and digest.context["overdue"] == 1
    [late] = digest.context["overdue_actions"]
    assert late["action"] == action and late["label"] == f"{ra} · {LABEL}"
    assert late["facility"] == "NJ-01" and late["days_overdue"] == 4
