"""Fieldwork without a signal in a real Chromium (SQLite; the server's side of sending, conflicts
and held items runs on both databases in test_offline_sends.py). The network goes off and on
through the DevTools protocol. One journey: the audit made available offline, 20 answers, 2
notes and 3 photos given offline, still there after a reload and after the browser is
restarted with the same profile; sent when the network returns, cut off in the middle of
sending (the rest sent on the next try, none twice), every item once in the trail with its
device time; a conflict made through the API meanwhile shown, nothing overwritten; signing out
with an unsent item warns first. Apart: a save that fails on a signal carrying nothing is kept."""

from __future__ import annotations

import io
import json
import time
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from audit_engine.services.integrations.tokens import create_token
from audit_engine.services.review import transitions
from audit_engine.services.trail import show_log
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.browser import Browser, chromium_marks
from tests.web.conftest import PASSWORD
from tests.web.network_switch import NetworkSwitch
from tests.web.servers import served

pytestmark = chromium_marks()
ANSWERS, NOTES, PHOTOS = 20, 2, 3
WAITING = "20 answers, 2 notes, 3 photos waiting"


def network(b: Browser, online: bool, latency: int = 0) -> None:
    """Switch the network of the pages and of the service worker off or on."""
    if not hasattr(b, "network"):
        b.network = NetworkSwitch(b.driver)
    b.network.set(online=online, latency=latency)


def counter(b: Browser) -> str:
    return b.driver.execute_script(
        "var c = document.getElementById('offline-count');"
        " return c && !c.hidden ? c.textContent : '';")


def until(b: Browser, check, timeout: int = 60, what: str = ""):
    try:
        return WebDriverWait(b.driver, timeout, poll_frequency=0.1).until(lambda _: check())
    except Exception:
        seen = b.driver.execute_script(
            "var a = document.getElementById('offline-alert'),"
            " s = document.getElementById('offline-state');"
            " return [a && a.textContent, s && s.textContent, navigator.onLine];")
        raise AssertionError(f"waited for {what}: counter {counter(b)!r}, page {seen}, "
                             f"log {b.driver.get_log('browser')}") from None


def _photo(path) -> str:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 120, 160)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def _offline_events(people, audit) -> dict[str, list]:
    found: dict[str, list] = {"answer.record": [], "evidence.add": []}
    for event in show_log(people.uow(), audit):
        if event.action in found and "given_on_device" in event.payload:
            found[event.action].append(event)
    return found


def _sent_so_far(people, audit) -> int:
    return sum(len(v) for v in _offline_events(people, audit).values())


def _css(criterion: str) -> str:
    return "#c-" + criterion.replace(".", "\\.")


def _open_criteria(b: Browser):
    """Criteria of this page not answered yet and not waiting (their details open)."""
    return [li for li in b.all("li.criterion")
            if not li.find_elements(By.CSS_SELECTOR, ".badge.waiting")
            and li.find_elements(By.CSS_SELECTOR, "details.crit[open] button.result.compliant")]


def _answer_offline(b: Browser, categories: list[str]) -> list[str]:
    given: list[str] = []
    for url in categories:
        b.open(url)
        b.find("#category-body")
        for li in _open_criteria(b)[: ANSWERS - len(given)]:
            given.append(li.get_attribute("id")[2:])
            b.click(f"{_css(given[-1])} button.result.compliant")
            until(b, lambda n=len(given): counter(b).startswith(f"{n} answer"), 10, "an answer")
        if len(given) == ANSWERS:
            return given
    raise AssertionError(f"only {len(given)} criteria to answer")


def _notes_and_photos(b: Browser, given: list[str], photo: str) -> None:
    here = [c for c in given if b.all(_css(c))]
    for n, criterion in enumerate(here[:NOTES], start=1):
        css = _css(criterion)
        b.click(f"{css} summary.line")
        b.fill(f"{css} textarea[name=note]", f"fence panel loose, gate {n}")
        b.click(f"{css} button.save-note")
        until(b, lambda n=n: f"{n} note" in counter(b), 10, "a note")
    for n, criterion in enumerate(here[:PHOTOS], start=1):
        css = _css(criterion)
        if not b.find(f"{css} details.crit").get_attribute("open"):
            b.click(f"{css} summary.line")
        b.find(f"{css} input[id^=photo-]").send_keys(photo)
        until(b, lambda n=n: f"{n} photo" in counter(b), 20, "a photo")


def _api_answer(base: str, people, audit: str, criterion: str) -> None:
    """Another auditor answers the criterion through the HTTP API meanwhile."""
    token = create_token(people.uow(), people.clock, actor=as_cli(world.AUDITOR2),
                         name="desk").secret
    auth = {"Authorization": f"Bearer {token}"}
    with urllib.request.urlopen(urllib.request.Request(
            f"{base}/api/v1/audits/{audit}/answers", headers=auth)) as listed:
        etag = listed.headers["ETag"]
    body = json.dumps({"result": "non_compliant", "note": "seal log missing"}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/audits/{audit}/answers/{criterion}", data=body, method="PUT",
        headers={**auth, "If-Match": etag, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as written:
        assert written.status == 200


def test_fieldwork_without_a_signal(people, home, database_url, tmp_path, capsys):
    audit = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    photo, profile = _photo(tmp_path / "gate.jpg"), str(tmp_path / "profile")
    with served(home, database_url) as base:
        b = Browser(base, profile)
        try:
            b = _journey(b, base, people, audit, photo, profile, capsys)
        except BaseException:
            b.keep_failure("offline-journey")
            raise
        finally:
            b.quit()


def _journey(b: Browser, base: str, people, audit: str, photo: str, profile: str, capsys):
    b.sign_in(world.LEAD, PASSWORD)
    b.open(f"/audits/{audit}")
    ready = b.driver.execute_async_script(
        "var done = arguments[0]; navigator.serviceWorker.ready.then("
        "function (r) { done(!!r.active); });")
    assert ready, "the service worker is not active"
    b.click("#make-offline")
    until(b, lambda: "Available offline" in b.find("#offline-state").text, 60, "the copy")
    categories = list(dict.fromkeys(
        a.get_attribute("href").split("#")[0].removeprefix(base)
        for a in b.all(f"a[href*='/audits/{audit}/categories/']")))
    network(b, online=False)
    given = _answer_offline(b, categories)
    _notes_and_photos(b, given, photo)
    assert counter(b) == WAITING + " · no connection"
    b.width(375)
    b.shot("offline-waiting-375")
    b.width(1280)
    b.shot("offline-waiting-1280")
    b.driver.refresh()
    until(b, lambda: counter(b).startswith(WAITING), 20, "the items after a reload")
    assert len(b.all(".offline-status")) >= NOTES + PHOTOS
    page = b.driver.current_url
    b.quit()  # the browser closed; started again with the same profile, still offline
    b = Browser(base, profile)
    network(b, online=False)
    b.driver.get(page)
    until(b, lambda: counter(b).startswith(WAITING), 30, "the items after a restart")
    assert _sent_so_far(people, audit) == 0
    _send_with_a_cut(b, people, audit)
    _conflict_then_sign_out(b, base, people, audit)
    return b


def _send_with_a_cut(b: Browser, people, audit: str) -> None:
    network(b, online=True, latency=150)  # a weak link: the cut lands in the middle
    until(b, lambda: counter(b) == "" or "sign in again" in counter(b), 30, "sending")
    if counter(b):  # the session ended with the browser: signing in again sends
        b.sign_in(world.LEAD, PASSWORD)
    until(b, lambda: _sent_so_far(people, audit) >= 5, 60, "the first items")
    network(b, online=False)
    time.sleep(1)  # whatever was in flight when the network went
    sent = _sent_so_far(people, audit)
    assert 5 <= sent < ANSWERS + NOTES + PHOTOS, sent
    until(b, lambda: "no connection" in counter(b), 20, "the sender to stop")
    network(b, online=True)
    until(b, lambda: counter(b) == "", 90, "everything sent")
    events = _offline_events(people, audit)
    answered = events["answer.record"]
    assert len(answered) == ANSWERS + NOTES
    assert len({e.payload["criterion"] for e in answered}) == ANSWERS
    assert len([e for e in answered if e.payload["note"]]) == NOTES
    assert len(events["evidence.add"]) == PHOTOS
    for event in answered + events["evidence.add"]:
        assert event.payload["via"] == "web" and event.payload["given_on_device"] < \
            event.at.isoformat()


def _conflict_then_sign_out(b: Browser, base: str, people, audit: str) -> None:
    b.open(b.driver.current_url.removeprefix(base) if "/categories/" in b.driver.current_url
           else f"/audits/{audit}/fieldwork")
    b.find("#category-body")
    criterion = _open_criteria(b)[0].get_attribute("id")[2:]
    css = _css(criterion)
    network(b, online=False)
    b.click(f"{css} button.result.compliant")
    until(b, lambda: counter(b).startswith("1 answer"), 10, "the answer kept")
    _api_answer(base, people, audit, criterion)
    network(b, online=True)
    until(b, lambda: b.all(f"{css} .offline-status.conflict"), 30, "the conflict")
    until(b, lambda: "non-compliant" in b.find(f"{css} .badges").text, 20, "their answer shown")
    box = b.find(f"{css} .offline-status.conflict").text  # after the page showed theirs
    assert world.AUDITOR2 in box and "Now: Non-compliant" in box
    assert "seal log missing" in box and "Yours: Compliant" in box
    assert "1 change to choose" in counter(b)
    b.shot("offline-conflict-1280")
    from tests.web.test_offline_sends import _answers

    row = next(a for a in _answers(people, audit) if a.criterion == criterion)
    assert (row.result, row.note) == ("non_compliant", "seal log missing")
    b.click("form.signout button")
    warning = b.find("#offline-warning")
    assert "1 answer, note or photo on this phone is not sent yet" in warning.text
    b.submit_form_of("#offline-warning-go")
    assert "/sign-in" in b.driver.current_url
    left = b.driver.execute_async_script(
        "var done = arguments[0];"
        " OfflineStore.all('items').then(function (i) { done(i.length); });")
    assert left == 0


def test_a_save_lost_on_a_dead_signal_is_kept(people, home, database_url, tmp_path):
    """The phone says it is online but nothing gets through (the answer's request fails on the
    network): the tap is kept and sent once the link carries again, never dropped in silence."""
    audit = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    with served(home, database_url) as base:
        b = Browser(base, str(tmp_path / "profile"))
        try:
            b.sign_in(world.LEAD, PASSWORD)
            b.open(f"/audits/{audit}")
            b.driver.execute_async_script(
                "var done = arguments[0];"
                " navigator.serviceWorker.ready.then(function () { done(); });")
            b.click("#make-offline")
            until(b, lambda: "Available offline" in b.find("#offline-state").text, 60, "the copy")
            first = b.all(f"a[href*='/audits/{audit}/categories/']")[0].get_attribute("href")
            b.driver.get(first)
            criterion = _open_criteria(b)[0].get_attribute("id")[2:]
            b.driver.execute_cdp_cmd("Network.enable", {})
            b.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/answers/*"]})
            assert b.driver.execute_script("return navigator.onLine;")
            b.click(f"{_css(criterion)} button.result.compliant")
            until(b, lambda: counter(b).startswith("1 answer waiting")
                  or _sent_so_far(people, audit) == 1, 20, "the failed save kept")
            b.driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
            b.driver.get(first)  # a page load sends what waits
            until(b, lambda: _sent_so_far(people, audit) == 1 and counter(b) == "", 30, "sent")
            time.sleep(1)
            assert _sent_so_far(people, audit) == 1
        except BaseException:
            b.keep_failure("offline-dead-signal")
            raise
        finally:
            b.quit()
