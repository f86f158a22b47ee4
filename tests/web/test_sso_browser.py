"""The whole single sign-on journey in Chromium against a real OpenID provider (Node's
oidc-provider) and `audit-engine serve`: the sign-in page's button, the provider's login,
the dashboard with the role the person's group gives, sign-out here and at the provider; then
a person whose groups give no role reads why, with a reference. Taps and typed fields are
printed; screenshots of the sign-in and refusal pages at 375 and 1280 px are kept.

The failure permutations are driven over HTTP in test_sso.py (both databases)."""

from __future__ import annotations

from tests.web.browser import chromium_marks
from tests.web.oidc_provider import provider, write_sso_file
from tests.web.servers import free_port, served

pytestmark = chromium_marks()


def _both_widths(browser, name: str) -> None:
    for width in (375, 1280):
        browser.width(width)
        browser.shot(f"sso-{name}-{width}")


def test_sign_in_with_the_provider_then_sign_out_in_chromium(people, home, database_url,
                                                              chromium):
    port = free_port()
    with provider(f"http://127.0.0.1:{port}/sign-in/sso/callback") as issuer:
        write_sso_file(home, issuer)
        with served(home, database_url, port=port) as base:
            browser = chromium.use(base)
            browser.taps = browser.typed = 0
            _sign_in_and_out(browser, issuer)
            print(f"\nsingle sign-on, in and out: {browser.taps} taps, {browser.typed} typed")
            browser.taps = browser.typed = 0
            _refused_with_a_reference(browser)


def _sign_in_and_out(browser, issuer: str) -> None:
    browser.open("/sign-in")
    _both_widths(browser, "sign-in")
    browser.submit_form_of("#sso-providers a")  # Sign in with Corp ID
    browser.fill("#login", "ana")
    browser.submit_form_of("#provider-sign-in")
    browser.find("h1")
    assert browser.driver.current_url.rstrip("/") == browser.base
    assert "Signed in as Ana Ortiz (auditor)" in browser.text()
    browser.submit_form_of("form.signout button")
    assert "You are signed out here" in browser.text()
    browser.submit_form_of("#provider-sign-out a")  # the provider asks to confirm
    assert browser.driver.current_url.startswith(issuer)
    browser.submit_form_of("button[autofocus], button[type=submit]")
    assert browser.driver.current_url.startswith(browser.base + "/sign-in")


def _refused_with_a_reference(browser) -> None:
    browser.open("/sign-in")
    browser.submit_form_of("#sso-providers a")
    browser.fill("#login", "ben")
    browser.submit_form_of("#provider-sign-in")
    assert "your groups at the identity provider give you no role here" in browser.text()
    assert browser.find("#sso-reference").text.startswith("SSO-")
    _both_widths(browser, "refused")
