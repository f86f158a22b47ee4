"""A whole quarter in real Chromium against `audit-engine serve`: invitations read from the
outbox, passwords chosen, fieldwork at phone width with a photo, submit, approve, implement,
verify by a second officer, close, and the final PDF read back as text."""

from __future__ import annotations

import io
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import create_engine, text

from tests.web.browser import Browser, _gone, chromium_marks
from tests.web.servers import served

pytestmark = chromium_marks()

ADMIN, PASSWORD = "admin@example.com", "admin password 2027"
PEOPLE = {  # email: (name, role, facility-limited)
    "lina@example.com": ("Lina Lead", "auditor", False),
    "mo@example.com": ("Mo Manager", "manager", True),
    "omar@example.com": ("Omar Owner", "action_owner", True),
    "olga@example.com": ("Olga Officer", "compliance_officer", False),
    "vic@example.com": ("Vic Verifier", "compliance_officer", False),
}
FACILITY = "US-NJ-01"
PHOTO_SIZE = (4, 3)  # a tiny PNG: what a phone camera hands the file input, only smaller


def _photo_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", PHOTO_SIZE, (120, 90, 60)).save(out, "PNG")
    return out.getvalue()


PHOTO = _photo_bytes()


@pytest.fixture
def world(bare_app, cli, home):
    assert cli("init").returncode == 0
    assert cli("user", "add", ADMIN, "--name", "Ada Admin", "--role", "admin").returncode == 0
    done = cli("user", "set-password", ADMIN, "--password-stdin", input=PASSWORD)
    assert done.returncode == 0, done.stderr
    return home


@pytest.fixture
def browser(world, home, database_url, request, chromium):
    with served(home, database_url) as base:
        yield chromium.use(base)
        failed = getattr(request.node, "report_call", None)
        if failed is not None and failed.failed:
            chromium.keep_failure(request.node.name)


def _links(database_url: str) -> dict[str, str]:
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT recipients, context FROM outbox_message WHERE rule = 'account_invitation'"))
        found = {}
        for recipients, context in rows:
            import json

            recipients = json.loads(recipients) if isinstance(recipients, str) else recipients
            context = json.loads(context) if isinstance(context, str) else context
            found[recipients[0]] = context["link"]
    engine.dispose()
    return found


def test_a_quarter_in_the_browser(browser, cli, database_url, tmp_path):
    b = browser
    b.width(1280)
    b.sign_in(ADMIN, PASSWORD)
    b.open("/admin#facilities")
    b.fill("#fac-code", FACILITY)
    b.fill("#fac-name", "Newark DC")
    b.fill("#fac-country", "US")
    b.submit_form_of("form[action='/admin/facilities'] button")
    for email, (name, role, limited) in PEOPLE.items():
        b.open("/admin#users")
        b.fill("#inv-email", email)
        b.fill("#inv-name", name)
        b.click(f"input[name=role][value={role}]")
        if limited:
            b.fill("#inv-fac", FACILITY)
        b.submit_form_of("#invite")
    links = _links(database_url)
    assert set(links) == set(PEOPLE)
    for email, link in links.items():
        b.driver.delete_all_cookies()
        b.driver.get(link)
        b.fill("#password", f"{email} secret")
        b.fill("#repeat", f"{email} secret")
        b.submit_form_of("form button")
        assert "Sign in" in b.driver.title

    taps = {}
    audit = _plan(b)
    taps["officer plans"] = b.taps
    print("taps:", "officer plans", b.taps, "typed:", b.typed)
    _fieldwork_at_phone_width(b, audit, tmp_path)
    b.taps = 0
    _review(b, audit)
    taps["officer reviews, manager approves"] = b.taps
    print("taps:", "officer reviews, manager approves", b.taps, "typed:", b.typed)
    b.taps = 0
    action = _remediate(b, audit, tmp_path)
    taps["owner fixes"] = b.taps
    print("taps:", "owner fixes", b.taps, "typed:", b.typed)
    b.taps = 0
    _verify_and_close(b, audit, action)
    taps["verify and close"] = b.taps
    print("taps:", "verify and close", b.taps, "typed:", b.typed)
    _final_pdf(b, audit)
    print("taps per part of the quarter (sign-in forms included):", taps)


def _plan(b: Browser) -> str:
    """The officer plans the audit on the web: facility, quarter and lead picked from lists."""
    b.sign_in("olga@example.com", "olga@example.com secret")
    b.taps = 0
    b.open("/audits")
    b.click("#plan-link")
    b.choose("#plan-period", "2027-Q1")
    b.choose("#plan-lead", "lina@example.com")
    b.submit_form_of("#plan-submit")
    assert b.find("#audit-status").text == "planned"
    return b.driver.current_url.rsplit("/", 1)[-1]


def _fieldwork_at_phone_width(b: Browser, audit: str, tmp_path: Path) -> None:
    """Fieldwork as test_fieldwork_phone.py walks it (counted there): a failure with a note,
    then per category one photo for its must criteria with the rest compliant."""
    b.width(375)
    b.sign_in("lina@example.com", "lina@example.com secret")
    b.open(f"/audits/{audit}")
    b.submit_form_of("#do-start")
    assert b.find("#category-body")  # fieldwork opens on the first category
    assert b.driver.execute_script("return document.documentElement.scrollWidth") <= 375
    first = b.all("li.criterion")[0]
    criterion = first.get_attribute("id")[2:]
    first.find_element("css selector", "button.result.non_compliant").click()
    note = "fence broken <script>window.__xss = 1</script><img src=x onerror=alert(1)>"
    first.find_element("css selector", "textarea").send_keys(note)
    first.find_element("css selector", "button.save-note").click()
    saved = b.find(f"li[id='c-{criterion}'] .saved")
    assert saved.text == "Saved."
    assert b.driver.execute_script("return window.__xss === undefined")
    photo = tmp_path / "fence-photo.png"
    photo.write_bytes(PHOTO)
    while True:
        gaps = b.all("input[name=files_rest]")
        if gaps:
            old = b.find("#category-body")
            gaps[0].send_keys(str(photo))
            WebDriverWait(b.driver, 60).until(lambda _, old=old: _gone(old))
        elif b.all("[id^=rest-compliant-]"):
            b.submit_form_of("[id^=rest-compliant-]")
        following = b.all("#next-category")
        if not following:
            break
        b.submit_form_of("#next-category")
    assert "fence-photo.png" in b.driver.page_source  # on the (folded) answered criteria
    assert "0/" not in b.find("#category-index").text  # the index beside followed along
    b.shot("fieldwork-375")
    b.open(f"/audits/{audit}")
    b.submit_form_of("#do-submit")
    assert b.find("#audit-status").text == "review"


def _review(b: Browser, audit: str) -> None:
    b.width(1280)
    b.sign_in("olga@example.com", "olga@example.com secret")
    b.open(f"/audits/{audit}")
    b.submit_form_of("[id^=confirm-F-]")
    b.choose("[id^=owner-F-]", "omar@example.com")  # picked from the list, never typed
    b.fill("[id^=plan-F-]", "Repair the fence and re-inspect")
    b.submit_form_of("[id^=add-action-F-]")
    b.sign_in("mo@example.com", "mo@example.com secret")
    b.open("/")
    assert b.find("#count-approvals").text == "1"
    b.open(f"/audits/{audit}")
    b.submit_form_of("#do-approve")
    assert b.find("#audit-status").text == "remediation"


def _remediate(b: Browser, audit: str, tmp_path: Path) -> str:
    b.width(375)
    b.sign_in("omar@example.com", "omar@example.com secret")
    before = b.taps
    b.click("#my-actions a")  # the dashboard to what to fix: one tap
    assert b.find("h1").text.startswith("Fix: ") and b.taps - before == 1
    action = b.driver.current_url.rsplit("/", 1)[-1]
    b.submit_form_of("#do-start")
    b.fill("#note-implement", "New fence panels installed")
    photo = tmp_path / "fixed-fence.png"
    photo.write_bytes(PHOTO[:-12] + PHOTO[-12:])
    b.find("#evidence-file").send_keys(str(photo))
    b.submit_form_of("#do-implement")
    assert b.find("#action-status").text == "implemented"
    assert not b.driver.find_elements("css selector", "#do-verify")  # an owner never verifies
    return action


def _verify_and_close(b: Browser, audit: str, action: str) -> None:
    b.width(1280)
    b.sign_in("vic@example.com", "vic@example.com secret")
    b.open(f"/actions/{action}")
    b.submit_form_of("#do-verify")
    assert b.find("#action-status").text == "verified"
    b.sign_in("olga@example.com", "olga@example.com secret")
    b.open(f"/audits/{audit}")
    b.submit_form_of("#do-close")
    assert b.find("#audit-status").text == "closed"
    b.shot("closed-1280")


def _final_pdf(b: Browser, audit: str) -> None:
    sha = b.find("#final-sha").text
    request = urllib.request.Request(b.base + f"/audits/{audit}/final.pdf",
                                     headers={"Cookie": f"ae_session={b.cookie('ae_session')}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        data = response.read()
    import hashlib

    assert hashlib.sha256(data).hexdigest() == sha
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert audit in words and FACILITY in words
