"""The action owner's fix page and the checklist page show criteria in the reader's language,
and a criterion the checklist has no Spanish for in English, marked "en inglés" (the company's
own ACME-1 beside the shipped checklist's translated 1.1). An English reader sees English and
no mark."""

from __future__ import annotations

import re

import pytest

from audit_engine.bootstrap import Settings
from audit_engine.services.actions import actions
from audit_engine.services.administration.languages import set_user_language
from audit_engine.services.planning import planning
from audit_engine.services.review import findings, transitions
from tests.acting import as_cli
from tests.checklists.test_company_and_cache import company_folder
from tests.lifecycle import world
from tests.web.conftest import sign_in

SPANISH_1_1 = "Declaración de apoyo firmada por la alta dirección"
ENGLISH_1_1 = "Statement of support signed by senior management"
ACME_1 = "Dock doors closed when idle"  # no Spanish anywhere


@pytest.fixture
def settings(home, database_url, tmp_path):
    return Settings(home=home, database_url=database_url,
                    checklist_dirs=(company_folder(tmp_path),))


def spanish(app, *people: str) -> None:
    for person in people:
        set_user_language(app.uow(), app.clock, actor=as_cli(world.ADMIN), email=person,
                          language="es", check=app.languages.checked)


def heading(page: str) -> str:
    return re.sub(r"\s+", " ", re.search(r"<h1>(.*?)</h1>", page, re.S).group(1))


def test_the_fix_page_marks_a_criterion_shown_in_english(client, people, tmp_path):
    spanish(people, world.LEAD, world.OWNER)
    audit = planning.plan_audit(people.uow(), people.clock, people.catalogs(),
                                actor=as_cli(world.OFFICER), facility=world.FACILITY,
                                checklist="acme-ctpat", period=world.PERIOD, lead=world.LEAD).id
    world.to_review(people, audit, tmp_path, {"1.1": "non_compliant", "ACME-1": "non_compliant"})
    made = {}
    for finding in findings.list_findings(people.uow(), audit):
        findings.confirm_finding(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                                 finding=finding.id)
        made[finding.criterion] = actions.add_action(
            people.uow(), people.clock, actor=as_cli(world.OFFICER), finding=finding.id,
            owner=world.OWNER, plan="Reparar").id
    transitions.approve_audit(people.uow(), people.clock, actor=as_cli(world.MANAGER), audit=audit)
    sign_in(client, world.OWNER)
    translated = client.get(f"/actions/{made['1.1']}").text
    assert heading(translated) == f"Corregir: 1.1 {SPANISH_1_1}"
    assert "en inglés" not in translated
    untranslated = client.get(f"/actions/{made['ACME-1']}").text
    badge = '<span class="badge">en inglés</span>'
    assert heading(untranslated) == f"Corregir: ACME-1 {ACME_1} {badge}"
    assert '<p lang="en">Dock doors stay closed and locked' in untranslated
    client.cookies.clear()
    sign_in(client, world.OFFICER)  # reads English: no mark
    english = client.get(f"/actions/{made['ACME-1']}").text
    assert heading(english) == f"Fix: ACME-1 {ACME_1}" and "in English" not in english


def test_the_checklist_page_speaks_its_readers_language(client, people):
    spanish(people, world.LEAD)
    sign_in(client, world.LEAD)
    page = client.get("/checklists/acme-ctpat").text
    assert f"<span>{SPANISH_1_1}</span>" in page and ENGLISH_1_1 not in page
    assert f'<span lang="en">{ACME_1}</span> <span class="badge">en inglés</span>' in page
    assert page.count("en inglés") == 1  # every other criterion has Spanish
    client.cookies.clear()
    sign_in(client, world.OFFICER)
    english = client.get("/checklists/acme-ctpat").text
    assert f"<span>{ENGLISH_1_1}</span>" in english and "in English" not in english
