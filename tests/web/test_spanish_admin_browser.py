"""In Chromium, in Spanish: an administrator opens a person's page at 375 px and at 1280 px and
sets that person's language (one choice, one tap to save). Screenshots are kept
(var/test-artifacts/web/es-*-admin-user.png) and the phone page does not scroll sideways."""

from __future__ import annotations

from audit_engine.storage import administration as store
from tests.lifecycle import world
from tests.web.browser import chromium_marks, switch_to_spanish
from tests.web.conftest import PASSWORD
from tests.web.servers import served
from tests.web.test_spanish_phone import sideways

pytestmark = chromium_marks()


def test_an_admin_sets_a_persons_language_in_spanish(people, home, database_url, chromium):
    switch_to_spanish(people, world.ADMIN)
    with served(home, database_url, "--no-scheduler") as base:
        browser = chromium.use(base)
        browser.sign_in(world.ADMIN, PASSWORD)
        browser.width(1280)
        browser.open(f"/admin/users/{world.OWNER}")
        browser.shot("es-1280-admin-user")
        browser.width(375)
        browser.open(f"/admin/users/{world.OWNER}")
        browser.shot("es-375-admin-user")
        text = browser.text()
        assert "Otorgar un rol" in text and "Páginas y correos en" in text, text
        assert sideways(browser) <= 0
        browser.taps = browser.typed = 0
        browser.choose("#user-language", "es")
        browser.submit_form_of("#save-language")
        assert browser.taps == 2 and browser.typed == 0
        assert browser.find("#user-language option[value='es']").is_selected()
    with people.uow().reading() as uow:
        assert store.account(uow.session, world.OWNER).language == "es"
