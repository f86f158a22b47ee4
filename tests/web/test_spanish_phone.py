"""At 375 px in Spanish, in Chromium: the auditor opens a category of their fieldwork and
answers a criterion; the action owner opens the corrective action given to them. Screenshots
are kept (var/test-artifacts/web/es-*.png) and no page scrolls sideways."""

from __future__ import annotations

import os

import pytest

from audit_engine.services.actions import actions
from audit_engine.services.administration.languages import set_user_language
from audit_engine.services.review import findings, transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.browser import have_chromium
from tests.web.conftest import PASSWORD
from tests.web.servers import served

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not have_chromium() and not os.environ.get("CI"),
                       reason="Debian chromium/chromium-driver missing (.ci/run installs them)"),
]


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'home' / 'audit-engine.sqlite3'}"


def sideways(browser) -> int:
    return browser.driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")


def test_auditor_and_action_owner_on_a_phone_in_spanish(people, home, database_url, chromium,
                                                        tmp_path):
    for person in (world.LEAD, world.OWNER):
        set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=person,
                          language="es", check=people.languages.checked)
    audit = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    must, _ = world.must_and_should(people, audit)
    world.answer_all(people, audit, tmp_path, {must: "non_compliant"}, world.LEAD)
    transitions.submit_audit(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    [finding] = findings.list_findings(people.uow(), audit)
    findings.confirm_finding(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                             finding=finding.id)
    action = actions.add_action(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                                finding=finding.id, owner=world.OWNER, plan="Reparar la malla")
    with served(home, database_url, "--no-scheduler") as base:
        browser = chromium.use(base)
        browser.width(375)
        browser.sign_in(world.LEAD, PASSWORD)
        browser.open(f"/audits/{audit}/categories/1")
        browser.shot("es-375-auditor-category")
        assert "respondidos" in browser.text() and sideways(browser) <= 0
        browser.sign_in(world.OWNER, PASSWORD)
        browser.open(f"/actions/{action.id}")
        browser.shot("es-375-owner-action")
        text = browser.text()
        assert "Qué corregir" in text and "Reparar la malla" in text and sideways(browser) <= 0
