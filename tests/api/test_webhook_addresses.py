"""Webhooks never reach into the server's own network unless a setting allows it: loopback,
private and link-local hosts are refused when registered, and every delivery resolves the host,
checks each address and connects to the one checked. A failed delivery says what kind of
failure it was, not the address, port or system error behind it."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest

from audit_engine.bootstrap import build_app
from tests.api.test_webhooks import _plan, _send, receiver  # noqa: F401 - the fixture
from tests.lifecycle import world

INSIDE = ["https://127.0.0.1/x", "https://localhost/x", "https://10.1.2.3/x",
          "https://192.168.0.10/x", "https://169.254.169.254/latest/meta-data",
          "https://[::1]/x", "https://[fe80::1]/x", "https://[::ffff:10.0.0.1]/x",
          "https://100.64.0.1/x", "https://0.0.0.0/x"]


@pytest.mark.parametrize("url", INSIDE)
def test_inside_addresses_are_refused_when_registered(api, cast, url):
    refused = api.post("/webhooks", headers=cast.as_(world.ADMIN),
                       json={"url": url, "events": ["audit.closed"]})
    assert refused.status_code == 422, refused.text
    assert "WEBHOOK_ALLOW_PRIVATE" in refused.json()["detail"]
    assert api.get("/webhooks", headers=cast.as_(world.ADMIN)).json() == []


def test_a_setting_allows_private_receivers(app, cast, client_for):
    allowed = build_app(replace(app.settings, webhook_allow_private=True))
    try:
        made = client_for(allowed).post("/webhooks", headers=cast.as_(world.ADMIN),
                                        json={"url": "https://10.1.2.3/x",
                                              "events": ["audit.closed"]})
        assert made.status_code == 201, made.text
    finally:
        allowed.dispose()


def _outbox_error(api, cast) -> dict:
    (row,) = [m for m in api.get("/outbox", headers=cast.as_(world.ADMIN)).json()
              if m["rule"] == "webhook"]
    return row


def test_each_delivery_checks_the_address_it_connects_to(app, cast, client_for,
                                                         receiver):  # noqa: F811
    """Registered while loopback was allowed; delivered by a server where it is not."""
    allowed = build_app(replace(app.settings, webhook_allow_http=True))
    try:
        api = client_for(allowed)
        made = api.post("/webhooks", headers=cast.as_(world.ADMIN),
                        json={"url": receiver.url, "events": ["audit.opened"]})
        assert made.status_code == 201, made.text
        _plan(api, cast, world.FACILITY)
    finally:
        allowed.dispose()
    summary = _send(app, app.clock.now())  # this App allows neither http nor loopback
    assert summary.sent == 0 and receiver.requests == []
    row = _outbox_error(client_for(app), cast)
    assert row["status"] == "failed" and "loopback" in row["error"]
    assert "127.0.0.1" not in row["error"]


def test_a_failed_connection_names_no_address_port_or_errno(app, cast, client_for):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]  # nobody listens there once closed
    allowed = build_app(replace(app.settings, webhook_allow_http=True))
    try:
        api = client_for(allowed)
        made = api.post("/webhooks", headers=cast.as_(world.ADMIN),
                        json={"url": f"http://127.0.0.1:{closed_port}/x",
                              "events": ["audit.opened"]})
        assert made.status_code == 201, made.text
        _plan(api, cast, world.FACILITY)
        assert _send(allowed, allowed.clock.now()).retried == 1
        error = _outbox_error(api, cast)["error"]
    finally:
        allowed.dispose()
    assert error == "could not connect to the receiver", error
