"""In real Chromium: a corrective-action step pressed on a page read before someone else took
it shows the 409 in place, under the button (who, what, when, a reload link), keeps the note
that was typed, passes axe-core, and fits a phone and a laptop."""

from __future__ import annotations

from audit_engine.services.actions.actions import act_on
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.browser import Browser, chromium_marks
from tests.web.conftest import PASSWORD
from tests.web.servers import served
from tests.web.test_accessibility import AXE, _axe

pytestmark = chromium_marks(AXE)


def test_a_stale_step_is_explained_in_place(people, home, database_url, tmp_path, request,
                                            chromium):
    audit = world.plan(people)
    (action,) = world.to_remediation(people, audit, tmp_path)
    with served(home, database_url) as base:
        browser = chromium.use(base)
        try:
            _press_stale_start(browser, people, action)
        except Exception:
            browser.keep_failure(request.node.name)
            raise


def _press_stale_start(browser: Browser, people, action: str) -> None:
    browser.sign_in(world.MANAGER, PASSWORD)
    browser.width(375)
    browser.open(f"/actions/{action}")
    browser.fill("#note-start", "crew booked for Monday")
    act_on(people.uow(), people.clock, people.evidence_store(), actor=as_cli(world.OWNER),
           action=action, event="start", note="started on site")  # another session, meanwhile
    browser.click("#do-start")
    notice = browser.find("form[action$='/start'] .form-message .stale")
    assert f"{world.OWNER} moved {action} from open to in progress (start: started on site)" \
        in notice.text, notice.text
    assert "trail event #" in notice.text
    link = notice.find_element("css selector", "a")
    assert link.get_attribute("href").endswith(f"/actions/{action}")
    assert browser.driver.current_url.endswith(f"/actions/{action}")  # still the same page
    assert browser.find("#note-start").get_attribute("value") == "crew booked for Monday"
    for width in (375, 1280):
        browser.width(width)
        wide = browser.driver.execute_script("return document.documentElement.scrollWidth")
        assert wide <= width, f"{wide}px wide at {width}px"
        assert not _axe(browser)
        browser.shot(f"stale-step-{width}")
    browser.submit_form_of(f".stale a[href='/actions/{action}']")  # the reload link
    assert browser.find("#action-status").text == "in progress"
