"""At 375 px in Spanish, in Chromium: the compliance officer's plan form, the risk overview
and one risk assessment with a rated threat (longer Spanish words must not widen the page).
Screenshots are kept (var/test-artifacts/web/es-375-*.png)."""

from __future__ import annotations

from audit_engine.services.risk import assessments
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.browser import chromium_marks, switch_to_spanish
from tests.web.conftest import PASSWORD
from tests.web.servers import served
from tests.web.test_spanish_phone import sideways

pytestmark = chromium_marks()


def test_plan_and_risk_pages_on_a_phone_in_spanish(people, home, database_url, chromium):
    switch_to_spanish(people, world.OFFICER)
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
