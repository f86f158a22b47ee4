"""Operators' endpoints: /health/live, /health/ready, /metrics, request ids and JSON logs."""

from __future__ import annotations

import asyncio
import json
import re

import httpx
import pytest

from audit_engine.asgi import create_app
from audit_engine.bootstrap import Settings
from tests.web.conftest import csrf_of
from tests.web.servers import served

TOKEN = "metrics-token-for-tests"


def ask(settings: Settings, *requests: tuple[str, dict]) -> list[httpx.Response]:
    """GET each (path, headers) of an in-process app built from `settings`."""
    http = create_app(settings)

    async def run():
        transport = httpx.ASGITransport(app=http)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return [await client.get(path, headers=headers) for path, headers in requests]

    try:
        return asyncio.run(run())
    finally:
        http.state.services.dispose()


def test_live_answers_without_a_database_and_ready_says_what_is_missing(home):
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'db.sqlite3'}")
    live, ready = ask(settings, ("/health/live", {}), ("/health/ready", {}))
    assert live.status_code == 200 and live.json() == {"status": "live"}
    assert re.fullmatch(r"[0-9a-f]{32}", live.headers["x-request-id"])
    assert ready.status_code == 503
    body = ready.json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"]["ok"] is False
    assert "schema at nothing, this code needs" in body["checks"]["database"]["detail"]
    assert body["checks"]["storage"] == {"ok": True, "detail": "files can be stored"}


def test_ready_on_an_initialised_database(app, settings):
    (ready,) = ask(settings, ("/health/ready", {"X-Request-ID": "lb-probe-1"}))
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "ready"
    assert ready.headers["x-request-id"] == "lb-probe-1"  # a plain id from the client is kept


def test_ready_fails_when_files_cannot_be_stored(app, settings):
    settings.evidence_dir.parent.mkdir(parents=True, exist_ok=True)
    settings.evidence_dir.write_text("a file where the evidence folder should be")
    (ready,) = ask(settings, ("/health/ready", {}))
    assert ready.status_code == 503
    assert ready.json()["checks"]["storage"]["ok"] is False


def test_metrics_exist_only_with_a_token_and_need_it(app, settings):
    (off,) = ask(settings, ("/metrics", {}))
    assert off.status_code == 404
    on = Settings(**{**settings.__dict__, "metrics_token": TOKEN})
    bare, wrong, right = ask(on, ("/metrics", {}),
                             ("/metrics", {"Authorization": "Bearer nope"}),
                             ("/metrics", {"Authorization": f"Bearer {TOKEN}"}))
    assert bare.status_code == wrong.status_code == 401
    assert right.status_code == 200
    assert 'audit_engine_outbox_messages{status="pending"} 0.0' in right.text


@pytest.mark.slow
def test_two_workers_count_into_one_scrape_and_log_json_lines(people, home, database_url):
    env = {"AUDIT_ENGINE_METRICS_TOKEN": TOKEN, "AUDIT_ENGINE_LOG_FORMAT": "json"}
    with served(home, database_url, "--workers", "2", "--no-scheduler", env=env) as base:
        client = httpx.Client(base_url=base, timeout=30)
        for n in range(20):
            client.get("/health/live", headers={"X-Request-ID": f"probe-{n}"})
        form = client.get("/sign-in")
        refused = client.post("/sign-in", data={"email": "nobody@example.com",
                                                "password": "wrong", "csrf": csrf_of(form.text)})
        assert refused.status_code in (400, 401, 403, 429)
        scraped = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
        client.close()
    live = [float(v) for v in re.findall(
        r'audit_engine_http_request_duration_seconds_count\{method="GET",'
        r'route="/health/live",status="200"\} (\S+)', scraped)]
    assert sum(live) == 20, scraped  # both workers' counts in one answer
    assert re.search(r'audit_engine_sign_in_failures_total\{stage="password"\} 1\.0', scraped)
    lines = [json.loads(line) for line in next(home.glob("serve-*.log")).read_text().splitlines()
             if line.startswith("{")]
    probe = [line for line in lines if line.get("request_id") == "probe-7"]
    assert probe and probe[0]["route"] == "/health/live" and probe[0]["status"] == 200


def test_the_request_id_is_carried_into_the_trail_event_the_request_makes(client, people):
    from tests.web.conftest import PASSWORD

    form = client.get("/sign-in")
    signed = client.post("/sign-in", headers={"X-Request-ID": "proxy-4711"},
                         data={"email": "officer@example.com", "password": PASSWORD,
                               "csrf": csrf_of(form.text)})
    assert signed.status_code == 303 and signed.headers["x-request-id"] == "proxy-4711"
    with people.uow().reading() as uow:
        from audit_engine.storage.trail import event_records

        sign_ins = [e for e in event_records(uow.session) if e.action == "user.sign_in"]
    assert json.loads(sign_ins[-1].payload)["request_id"] == "proxy-4711"
