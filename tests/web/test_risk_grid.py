"""The dashboards' risk grid: officers and managers see the portfolio's page 1 (same order,
same colours) as server-side SVG, each score cell linking to the audit it scores; a manager
sees only the facilities they may read; someone without the portfolio sees no grid."""

from __future__ import annotations

import re

import pytest

from audit_engine.services.reports import rendering
from tests.lifecycle import world
from tests.reports.pdfs import layout_text
from tests.web.conftest import sign_in

pytestmark = pytest.mark.slow


def grid_of(client, email: str) -> str:
    assert sign_in(client, email).status_code in (302, 303)
    page = client.get("/").text
    client.cookies.clear()
    found = re.search(r'<h2 id="risk-grid">.*?</svg>', page, re.S)
    return found.group(0) if found else ""


def test_officer_and_manager_see_the_portfolio_order_with_links(people, client, tmp_path):
    app = people
    nj = world.plan(app)  # US-NJ-01: one failed must, its action open
    world.to_remediation(app, nj, tmp_path)

    officer = grid_of(client, world.OFFICER)
    assert "<script" not in officer and "<svg" in officer
    codes = re.findall(r'font-weight="600">([A-Z]{2}-[A-Z0-9-]+)</text>', officer)
    assert codes == ["US-NJ-01", "MX-01"]
    assert f'<a href="/audits/{nj}" ' in officer and "1 open must" in officer
    category = f"/audits/{nj}/categories/1"  # a category's cell opens that category's page
    assert f'<a href="{category}" aria-label="US-NJ-01: ' in officer
    sign_in(client, world.OFFICER)
    assert client.get(category).status_code == 200
    client.cookies.clear()
    assert "no results yet" in officer  # MX-01: never scored, not a dash row

    pdf = rendering.render_portfolio(app.uow(), app.renderer(), app.clock,
                                     output=tmp_path / "p.pdf").path.read_bytes()
    page1 = layout_text(pdf).split("\f")[0]
    assert sorted(codes, key=page1.index) == codes  # the PDF's order

    manager = grid_of(client, world.MANAGER)  # manager of US-NJ-01 only
    assert re.findall(r'font-weight="600">([A-Z]{2}-[A-Z0-9-]+)</text>', manager) == ["US-NJ-01"]
    assert grid_of(client, world.OWNER) == ""  # an action owner has no portfolio
