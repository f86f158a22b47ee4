"""Real Chromium (Debian's chromium + chromedriver) driven by Selenium, and page helpers."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait

from audit_engine.services.administration.languages import set_user_language
from tests.acting import as_cli
from tests.lifecycle import world

CHROMIUM = os.environ.get("AUDIT_ENGINE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("AUDIT_ENGINE_CHROMEDRIVER", "/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "web"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--window-size=1280,900")


def _gone(element) -> bool:
    """The element left the document (a new page loaded); Chromium may say so in two ways."""
    from selenium.common.exceptions import WebDriverException

    try:
        element.is_enabled()
    except WebDriverException:
        return True
    return False


def have_chromium() -> bool:
    return Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()


def chromium_marks(*needed: Path) -> list[pytest.MarkDecorator]:
    """The marks of a module of browser tests: slow; skipped where Chromium (or a file in
    `needed`, such as axe-core) is missing, except in CI, where .ci/run installs them; and on
    SQLite alone, as a browser sees the same pages on either database and the HTTP tests
    cover PostgreSQL."""
    missing = not have_chromium() or not all(path.is_file() for path in needed)
    return [pytest.mark.slow,
            pytest.mark.skipif(missing and not os.environ.get("CI"),
                               reason="chromium or axe-core missing (.ci/run installs them)"),
            pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]


def switch_to_spanish(app, *emails: str) -> None:
    """The administrator sets each of these people's pages and mails to Spanish."""
    for email in emails:
        set_user_language(app.uow(), app.clock, actor=as_cli(world.ADMIN), email=email,
                          language="es", check=app.languages.checked)


class Browser:
    """One Chromium with a fresh profile (or `profile`, a folder kept after `quit`: the same
    browser started again); `width` switches between phone and laptop."""

    def __init__(self, base: str, profile: str | None = None) -> None:
        self.base = base
        self.keep_profile = profile is not None
        self.profile = profile or tempfile.mkdtemp(prefix="chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in (*FLAGS, f"--user-data-dir={self.profile}"):
            options.add_argument(flag)
        self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER),
                                       options=options)
        self.driver.set_page_load_timeout(60)
        self.taps = self.typed = 0  # what a journey cost its person (clicks, typed fields)

    def use(self, base: str) -> Browser:
        """Point this browser at another server, signed out."""
        self.base = base
        self.driver.delete_all_cookies()
        return self

    def width(self, pixels: int) -> None:
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": pixels, "height": 900 if pixels > 500 else 800,
            "deviceScaleFactor": 1, "mobile": pixels < 500})

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def find(self, css: str):
        return WebDriverWait(self.driver, 30).until(
            ready.presence_of_element_located((By.CSS_SELECTOR, css)))

    def all(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def fill(self, css: str, text: str) -> None:
        field = self.find(css)
        field.clear()
        field.send_keys(text)
        self.typed += 1

    def choose(self, css: str, value: str) -> None:
        """Pick the option with `value` in a select (counted as one tap)."""
        from selenium.webdriver.support.select import Select

        Select(self.find(css)).select_by_value(value)
        self.taps += 1

    def click(self, css: str) -> None:
        element = self.find(css)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        self.taps += 1

    def submit_form_of(self, css: str) -> None:
        """Click a button and wait for the next page (the old <html> goes stale)."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.click(css)
        WebDriverWait(self.driver, 60).until(lambda _: _gone(old))

    def text(self) -> str:
        return self.driver.find_element(By.TAG_NAME, "body").text

    def cookie(self, name: str) -> str | None:
        found = self.driver.get_cookie(name)
        return found["value"] if found else None

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def keep_failure(self, name: str) -> None:
        self.shot(f"FAILED-{name}")
        (ARTIFACTS / f"FAILED-{name}.html").write_text(self.driver.page_source)

    def quit(self) -> None:
        try:
            self.driver.quit()
        finally:
            if not self.keep_profile:
                shutil.rmtree(self.profile, ignore_errors=True)

    def sign_in(self, email: str, password: str) -> None:
        self.driver.delete_all_cookies()
        self.open("/sign-in")
        self.fill("#email", email)
        self.fill("#password", password)
        self.submit_form_of("form[action='/sign-in'] button")
