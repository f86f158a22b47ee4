"""At 375 px in Spanish, in Chromium, clicking through as the English journeys do and counting
taps and typed fields:

- the auditor's fieldwork: open the audit, start fieldwork, answer criteria (one
  non-compliant with its note, whose rule is said in Spanish), a photo on a criterion, per
  category one photo for its must criteria with the rest compliant, then submit;
- the action owner's fix: from the dashboard to the action, start, what was done, a photo as
  proof, marked implemented.

Each page is checked for Spanish words and for the English of its controls; screenshots are
kept (var/test-artifacts/web/es-*.png) and no page scrolls sideways."""

from __future__ import annotations

from selenium.webdriver.common.by import By

from audit_engine.domain.rules.lifecycle import ActionId, AuditId
from audit_engine.services.actions import actions
from audit_engine.services.pages.action_page import action_detail
from audit_engine.services.pages.dossier import show_audit
from audit_engine.services.review import findings, transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.browser import chromium_marks, switch_to_spanish
from tests.web.conftest import PASSWORD
from tests.web.servers import served
from tests.web.test_fieldwork_phone import Phone, _photo

pytestmark = chromium_marks()
# The English of the controls these pages show: none may be left on a Spanish page.
ENGLISH = ("Compliant", "Non-compliant", "Save note", "Take photo", "Add file", "Upload",
           "Start fieldwork", "Submit", "Next category", "unanswered", "Saved.", "Sign out",
           "What to fix", "Mark implemented", "Start work", "Dashboard", "Evidence")


def sideways(browser) -> int:
    return browser.driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")


def in_spanish(phone: Phone, shot: str, *words: str) -> str:
    """The page's text holds `words` and none of the controls' English; kept as a screenshot."""
    phone.settled()
    text = phone.b.text()
    phone.b.shot(shot)
    assert '<html lang="es">' in phone.b.driver.page_source or \
        phone.b.driver.execute_script("return document.documentElement.lang") == "es"
    missing = [w for w in words if w not in text]
    english = [w for w in ENGLISH if w in text]
    assert not missing and not english, (shot, missing, english)
    assert sideways(phone.b) <= 0, shot
    return text


def test_auditor_and_action_owner_on_a_phone_in_spanish(people, home, database_url, chromium,
                                                        tmp_path, capsys):
    switch_to_spanish(people, world.LEAD, world.OWNER)
    fieldwork = world.plan(people)
    action, audit = _remediation(people, tmp_path)
    photo = _photo(tmp_path / "reja.jpg")
    with served(home, database_url, "--no-scheduler") as base:
        browser = chromium.use(base)
        browser.sign_in(world.LEAD, PASSWORD)
        phone = Phone(browser)
        _fieldwork(phone, fieldwork, photo)
        assert status(people, fieldwork) == "review"
        auditor = (phone.taps, phone.typed)
        browser.sign_in(world.OWNER, PASSWORD)
        phone.__init__(browser)
        _fix(phone, action, photo)
        row = action_detail(people.uow(), people.clock, actor=as_cli(world.OWNER),
                            action=ActionId(action))
        assert row.view.status == "implemented"
        owner = (phone.taps, phone.typed)
    with capsys.disabled():
        print(f"\nin Spanish at 375 px: the auditor's fieldwork of {fieldwork} {auditor[0]} "
              f"taps, {auditor[1]} typed fields; the owner's fix of {action} (audit {audit}) "
              f"{owner[0]} taps, {owner[1]} typed fields")
    assert auditor[0] <= 40 and auditor[1] == 1
    assert owner == (4, 1)


def status(app, audit: str) -> str:
    return show_audit(app.uow(), app.clock, AuditId(audit)).status


def _remediation(people, tmp_path) -> tuple[str, str]:
    """A second audit in remediation, its corrective action given to the owner."""
    from audit_engine.services.planning import planning

    audit = planning.plan_audit(people.uow(), people.clock, people.catalogs(),
                                actor=as_cli(world.OFFICER), facility=world.FACILITY,
                                checklist=world.CHECKLIST, period="2027-Q2",
                                lead=world.LEAD).id
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD),
                                audit=audit)
    must, _ = world.must_and_should(people, audit)
    world.answer_all(people, audit, tmp_path, {must: "non_compliant"}, world.LEAD)
    transitions.submit_audit(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    [finding] = findings.list_findings(people.uow(), audit)
    findings.confirm_finding(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                             finding=finding.id)
    made = actions.add_action(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                              finding=finding.id, owner=world.OWNER, plan="Reparar la malla")
    transitions.approve_audit(people.uow(), people.clock, actor=as_cli(world.MANAGER),
                              audit=audit)
    return made.id, audit


def _fieldwork(phone: Phone, audit: str, photo: str) -> None:
    phone.b.open(f"/audits/{audit}")
    in_spanish(phone, "es-375-auditor-audit", "Iniciar")
    phone.tap(phone.find("#do-start"), wait_gone=phone.find("html"))
    in_spanish(phone, "es-375-auditor-category", "respondidos", "No cumple")
    first = phone.all("li.criterion")[0]
    phone.tap(first.find_element(By.CSS_SELECTOR, "button.result.non_compliant"))
    assert "brecha" in first.find_element(By.CSS_SELECTOR, ".rule").text  # the rule, in Spanish
    phone.type(first.find_element(By.CSS_SELECTOR, "textarea"), "malla suelta en la puerta 3")
    phone.tap(first.find_element(By.CSS_SELECTOR, "button.save-note"), wait_gone=first)
    saved = phone.find("li.criterion .saved")
    assert saved.text == "Guardado.", saved.text
    second = phone.all("li.criterion")[1]
    phone.photo(second.find_element(By.CSS_SELECTOR, "input[id^=photo-]"), photo,
                wait_gone=second)
    assert "1 archivo agregado." in phone.b.text()
    in_spanish(phone, "es-375-auditor-photo", "1 archivo agregado.")
    _every_category(phone, photo)
    phone.tap(phone.find("#to-submit"), wait_gone=phone.find("html"))
    in_spanish(phone, "es-375-auditor-submit", "Enviar")
    phone.tap(phone.find("#do-submit"), wait_gone=phone.find("html"))
    in_spanish(phone, "es-375-auditor-submitted")


def _every_category(phone: Phone, photo: str) -> None:
    """Per category: one photo for its must criteria with the rest compliant, or the rest
    compliant in one tap; then the next category."""
    while True:
        gaps = phone.all("input[name=files_rest]")
        body = phone.find("#category-body")
        if gaps:
            phone.photo(gaps[0], photo, wait_gone=body)
        elif phone.all("[id^=rest-compliant-]"):
            phone.tap(phone.find("[id^=rest-compliant-]"), wait_gone=body)
        following = phone.all("#next-category")
        if not following:
            return
        phone.tap(following[0], wait_gone=phone.find("html"))


def _fix(phone: Phone, action: str, photo: str) -> None:
    phone.b.open("/")
    in_spanish(phone, "es-375-owner-dashboard", "Reparar la malla")
    phone.tap(phone.find("#my-actions a"), wait_gone=phone.find("html"))
    assert phone.b.driver.current_url.endswith(f"/actions/{action}")
    in_spanish(phone, "es-375-owner-action", "Qué corregir", "Reparar la malla")
    phone.tap(phone.find("#do-start"), wait_gone=phone.find("html"))
    in_spanish(phone, "es-375-owner-started", "Reparar la malla")
    phone.type(phone.find("#note-implement"), "Se instalaron paneles nuevos en la malla")
    phone.find("#evidence-file").send_keys(photo)
    phone.taps += 1  # the photo taken
    phone.tap(phone.find("#do-implement"), wait_gone=phone.find("html"))
    in_spanish(phone, "es-375-owner-implemented", "Se instalaron paneles nuevos")
