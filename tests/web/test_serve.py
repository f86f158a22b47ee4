"""`audit-engine serve` and the ASGI factory."""

from __future__ import annotations

import asyncio
import json
import urllib.request

import httpx
import pytest

from audit_engine.asgi import create_app
from audit_engine.bootstrap import Settings
from tests.web.servers import served


def test_factory_builds_an_app_with_health(home):
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'db.sqlite3'}")
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)

    async def get():  # httpx's ASGI transport runs the app in this process
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.get("/health")

    response = asyncio.run(get())
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "scheduler": {"state": "unknown"}}
    assert not (home / "db.sqlite3").exists()  # /health opens no database


@pytest.mark.slow
def test_serve_answers_health_with_two_workers(app, home, database_url):
    with (
        served(home, database_url, "--workers", "2") as base,
        urllib.request.urlopen(f"{base}/health", timeout=5) as response,
    ):
        assert json.load(response)["status"] == "ok"
        assert "server" not in {k.lower() for k in response.headers}


def test_serve_refuses_an_uninitialised_database(cli):
    result = cli("serve", "--port", "0")
    assert result.returncode != 0
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_demo_serve_prints_logins_and_serves_the_demo(tmp_path):
    import re

    home = tmp_path / "demo-home"
    env = {"AUDIT_ENGINE_HOME": str(tmp_path)}
    with served(tmp_path, "", "--home", str(home), command=("demo", "--serve"), env=env) as base:
        log = next(tmp_path.glob("serve-*.log")).read_text()
        assert f"== the demo on the web: {base}" in log
        password = re.search(r"carmen\.officer@example\.com .* password: (.+)", log).group(1)
        client = httpx.Client(base_url=base, follow_redirects=False, timeout=60)
        form = client.get("/sign-in")
        token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
        signed = client.post("/sign-in", data={"email": "carmen.officer@example.com",
                                               "password": password.strip(), "csrf": token})
        assert signed.status_code == 303
        assert "Facilities by risk" in client.get("/").text  # the officer's portfolio grid
