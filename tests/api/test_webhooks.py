"""Webhooks: registered through the API, delivered through the outbox to a receiver on
loopback that checks every Standard Webhooks signature, fails once with a 500 (retried with
backoff), and never sees one event delivered twice. Secrets rotate with an overlap."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from audit_engine.bootstrap import build_app
from audit_engine.bootstrap.tick_wiring import delivery_for
from audit_engine.domain.clock import FixedClock
from audit_engine.domain.integrity import webhooks as spec
from audit_engine.services.mail.outbox import dispatch
from tests.lifecycle import world


class Receiver:
    """An HTTP server on 127.0.0.1 (a free port) answering the statuses it is given."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.requests.append({"headers": dict(self.headers.items()), "body": body})
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def signed_with(self, secret: str, request: dict) -> bool:
        h = {k.lower(): v for k, v in request["headers"].items()}
        return spec.verify(secret, h["webhook-id"], int(h["webhook-timestamp"]),
                           request["body"], h["webhook-signature"])

    def ids(self, request: dict) -> str:
        return {k.lower(): v for k, v in request["headers"].items()}["webhook-id"]


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.server.shutdown()


@pytest.fixture
def hooked(app, cast, client_for):
    allowed = build_app(replace(app.settings, webhook_allow_http=True))
    yield allowed, client_for(allowed)
    allowed.dispose()


def _plan(api, cast, facility: str) -> str:
    body = {"facility": facility, "checklist": "ctpat-msc", "period": "2027-Q1",
            "lead": world.LEAD}
    made = api.post("/audits", json=body, headers=cast.as_(world.OFFICER))
    assert made.status_code == 201, made.text
    return made.json()["id"]


def _send(app, at):
    clock = FixedClock(at)
    return dispatch(app.uow, clock, delivery_for(app, clock))


def test_signed_retried_once_delivered_once_and_rotated(hooked, cast, receiver):
    app, api = hooked
    admin = cast.as_(world.ADMIN)
    made = api.post("/webhooks", headers=admin,
                    json={"url": receiver.url, "events": ["audit.opened", "audit.closed"]})
    assert made.status_code == 201, made.text
    secret, hook = made.json()["secret"], made.json()["id"]
    assert secret.startswith("whsec_") and "secret" not in api.get("/webhooks", headers=admin).text
    audit = _plan(api, cast, world.FACILITY)
    receiver.statuses = [500]
    now = app.clock.now()
    assert _send(app, now).retried == 1
    (waiting,) = [m for m in api.get("/outbox", headers=admin).json() if m["rule"] == "webhook"]
    assert waiting["status"] == "pending" and "HTTP 500" in waiting["error"]
    assert _send(app, now + timedelta(seconds=30)).sent == 0  # backoff: not yet
    assert _send(app, now + timedelta(minutes=2)).sent == 1
    assert _send(app, now + timedelta(minutes=3)).sent == 0
    first, retry = receiver.requests
    assert receiver.ids(first) == receiver.ids(retry)
    assert all(receiver.signed_with(secret, r) for r in receiver.requests)
    assert b'"type":"audit.opened"' in retry["body"] and audit.encode() in retry["body"]

    rotated = api.post(f"/webhooks/{hook}/rotate", json={"overlap_hours": 1}, headers=admin)
    new_secret = rotated.json()["secret"]
    assert new_secret != secret and rotated.json()["rotating_until"]
    _plan(api, cast, "MX-01")
    assert _send(app, app.clock.now()).sent == 1
    latest = receiver.requests[-1]
    assert receiver.signed_with(new_secret, latest) and receiver.signed_with(secret, latest)
    delivered = [receiver.ids(r) for r in receiver.requests[1:]]
    assert len(delivered) == len(set(delivered))


def test_bad_webhooks_are_refused_and_nothing_is_written(hooked, cast):
    app, api = hooked
    admin = cast.as_(world.ADMIN)
    cases = [
        ({"url": "ftp://example.com/x", "events": ["audit.closed"]}, "url"),
        ({"url": "http://example.com/x", "events": ["audit.closed"]}, "https"),
        ({"url": "https://example.com/x", "events": ["audit.exploded"]}, "audit.exploded"),
        ({"url": "https://example.com/x", "events": ["audit.closed"], "secret": "x"}, "secret"),
    ]
    for body, named in cases:
        refused = api.post("/webhooks", json=body, headers=admin)
        assert refused.status_code == 422 and named in refused.json()["detail"], refused.text
    denied = api.post("/webhooks", headers=cast.as_(world.OFFICER),
                      json={"url": "https://example.com/x", "events": ["audit.closed"]})
    assert denied.status_code == 403 and "admin" in denied.json()["detail"]
    assert api.get("/webhooks", headers=admin).json() == []
