"""/api/v1/docs works under the site's Content-Security-Policy: Swagger UI is served from this
server (no CDN, no inline script), and a real Chromium renders every operation with no
refused resource."""

from __future__ import annotations

import os
import re
import time

import pytest

from tests.web.browser import have_chromium
from tests.web.servers import served


@pytest.fixture
def database_url(tmp_path):
    """The page does not depend on the database: SQLite only."""
    return f"sqlite:///{tmp_path / 'home' / 'audit-engine.sqlite3'}"


def test_the_docs_page_loads_only_its_own_files(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    scripts = re.findall(r"<script([^>]*)>", page.text)
    assert scripts and all("src=" in attributes for attributes in scripts)  # nothing inline
    assert "<style" not in page.text and "http" not in page.text  # nothing from elsewhere
    for url in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        fetched = client.get(f"/api/v1/{url}")
        assert fetched.status_code == 200, url
        assert fetched.headers["content-type"].split(";")[0] in ("text/javascript",
                                                                 "text/css"), url


@pytest.mark.slow
@pytest.mark.skipif(not have_chromium() and not os.environ.get("CI"), reason="no chromium")
def test_chromium_renders_every_operation_under_the_csp(people, home, database_url, chromium,
                                                        client):
    operations = len([1 for path in client.get("/api/v1/openapi.json").json()["paths"].values()
                      for _ in path])
    with served(home, database_url) as base:
        driver = chromium.use(base).driver
        driver.get(f"{base}/api/v1/docs")
        shown = []
        for _ in range(100):
            shown = driver.find_elements("css selector", ".opblock")
            if len(shown) >= operations:
                break
            time.sleep(0.1)
        refused = [e["message"] for e in driver.get_log("browser")
                   if "Content Security Policy" in e["message"] or "blocked" in e["message"]]
    assert len(shown) == operations and not refused, (len(shown), operations, refused)
