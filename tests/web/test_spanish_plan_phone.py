"""At 375 px in Spanish, in Chromium: the compliance officer's plan form, the risk overview
and one risk assessment with a rated threat (longer Spanish words must not widen the page).
Screenshots are kept (var/test-artifacts/web/es-375-*.png)."""

from __future__ import annotations

import os

import pytest

from audit_engine.services.administration.languages import set_user_language
from audit_engine.services.risk import assessments
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.browser import have_chromium
from tests.web.conftest import PASSWORD
from tests.web.servers import served
from tests.web.test_spanish_phone import sideways

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium() and not os.environ.get("CI"),
                       reason="Debian chromium/chromium-driver missing (.ci/run installs them)"),
]


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'home' / 'audit-engine.sqlite3'}"


def test_plan_and_risk_pages_on_a_phone_in_spanish(people, home, database_url, chromium):
    set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=world.OFFICER,
                      language="es", check=people.languages.checked)
    msc = next(c for c in people.catalogs() if c.id == "ctpat-msc")
    ra = assessments.open_assessment(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                                     facility=world.FACILITY).id
    assessments.add_item(
        people.uow(),
        people.clock,
        msc,
        actor=as_cli(world.OFFICER),
        assessment=ra,
        kind="vulnerability",
        name="Cerca perimetral dañada",
        rating="high",
    )
    with served(home, database_url, "--no-scheduler") as base:
        browser = chromium.use(base)
        browser.width(375)
        browser.sign_in(world.OFFICER, PASSWORD)
        for path, name, phrase in (("/plan", "plan", "Planificar la auditoría"),
                                   ("/risk", "risk", "Abrir la evaluación"),
                                   (f"/risk/{ra}", "risk-assessment", "Los cinco pasos")):
            browser.open(path)
            browser.shot(f"es-375-{name}")
            assert phrase in browser.text(), path
            assert sideways(browser) <= 0, f"{path} scrolls sideways at 375 px"
