"""Personal tokens: made by the CLI, shown once, stored hashed; revoked or expired is 401 at
once; a read-only token cannot write; a facility-scoped user's token sees only that facility."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from audit_engine.bootstrap import build_app
from audit_engine.domain.clock import FixedClock
from tests.lifecycle import world


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the CLI's part only
def test_the_cli_prints_the_token_once_and_keeps_only_its_hash(app, cast, cli, client_for):
    bad = cli("token", "create", "--name", "x", "--expires", "0", "--as", world.OFFICER)
    assert bad.returncode == 2 and "--expires" in bad.stderr.splitlines()[0]
    made = cli("token", "create", "--name", "ERP sync", "--expires", "30", "--as", world.OFFICER)
    assert made.returncode == 0, made.stderr
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("aet_") and "ERP sync" in made.stdout
    with app.engine.connect() as connection:
        stored = connection.execute(text("SELECT token_hash, prefix FROM api_token")).all()
    assert all(secret not in row[0] for row in stored) and stored[0][1] == secret[:10]
    listed = cli("token", "list", "--as", world.OFFICER)
    assert "ERP sync" in listed.stdout and secret not in listed.stdout
    api = client_for(app)
    assert api.get("/audits", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    token_id = listed.stdout.splitlines()[1].split()[0]
    assert cli("token", "revoke", token_id, "--as", world.OFFICER).returncode == 0
    refused = api.get("/audits", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401 and "revoked" in refused.json()["detail"]
    assert refused.headers["content-type"] == "application/problem+json"


def test_an_expired_token_is_refused_at_once(app, cast, api):
    earlier = build_app(app.settings, FixedClock(app.clock.now() - timedelta(days=2)))
    try:
        secret = cast.__class__(earlier).token(world.OFFICER, expires_days=1)
    finally:
        earlier.dispose()
    refused = api.get("/audits", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401 and "expired" in refused.json()["detail"]


def test_missing_unknown_and_malformed_tokens_are_401(api):
    for headers in ({}, {"Authorization": "Bearer aet_" + "x" * 43}, {"Authorization": "Basic a"}):
        refused = api.get("/audits", headers=headers)
        assert refused.status_code == 401, headers
        assert refused.headers["www-authenticate"] == "Bearer"


def test_a_read_only_token_reads_but_never_writes(app, cast, api):
    secret = cast.token(world.ADMIN, read_only=True)
    headers = {"Authorization": f"Bearer {secret}"}
    assert api.get("/facilities", headers=headers).status_code == 200
    body = {"code": "DE-01", "name": "Hamburg", "entity_type": "us_importer"}
    refused = api.post("/facilities", json=body, headers=headers)
    assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
    assert all(f["code"] != "DE-01" for f in api.get("/facilities", headers=headers).json())


def test_a_facility_scoped_token_sees_only_its_facility(app, cast, api):
    audit = world.plan(app)
    theirs = api.get("/audits", headers=cast.as_(world.OTHER_MANAGER)).json()["items"]
    mine = api.get("/audits", headers=cast.as_(world.MANAGER)).json()["items"]
    assert theirs == [] and [a["id"] for a in mine] == [audit]
    assert api.get(f"/audits/{audit}", headers=cast.as_(world.OTHER_MANAGER)).status_code == 404
    facilities = api.get("/facilities", headers=cast.as_(world.OTHER_MANAGER)).json()
    assert [f["code"] for f in facilities] == ["MX-01"]
    hidden = api.get("/audits?facility=US-NJ-01", headers=cast.as_(world.OTHER_MANAGER))
    assert hidden.status_code == 404


def test_the_rate_limit_answers_429_with_retry_after(app, cast, client_for):
    from dataclasses import replace

    limited = build_app(replace(app.settings, api_rate_limit=3))
    try:
        api = client_for(limited)
        headers = cast.as_(world.OFFICER)
        codes = [api.get("/audits", headers=headers).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        refused = api.get("/audits", headers=headers)
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.headers["content-type"] == "application/problem+json"
    finally:
        limited.dispose()


def test_two_servers_on_one_database_share_one_limit(app, cast, client_for):
    """Two Apps (two nodes, or two workers) each with their own engine: the count is the
    database's, so the limit holds across them."""
    from dataclasses import replace

    nodes = [build_app(replace(app.settings, api_rate_limit=3)) for _ in range(2)]
    try:
        apis = [client_for(node) for node in nodes]
        headers = cast.as_(world.OFFICER)
        codes = [apis[n % 2].get("/audits", headers=headers).status_code for n in range(5)]
        assert codes == [200, 200, 200, 429, 429]
    finally:
        for node in nodes:
            node.dispose()


@pytest.mark.parametrize("remembered", [False, True], ids=["read", "remembered"])
def test_the_window_slides_over_the_minute_edge(app, cast, remembered):
    """The previous minute counts for the part of it still inside the last 60 seconds, so a
    burst at a minute's edge cannot pass the limit twice; the same when the process keeps an
    ended minute's count instead of reading it at every request."""
    from datetime import UTC, datetime

    from audit_engine.services.integrations.rate_limit import ClosedMinutes, retry_after
    from audit_engine.services.integrations.tokens import authenticate

    token = authenticate(app.uow(), app.clock, cast.token(world.OFFICER)).token_id
    closed = ClosedMinutes() if remembered else None

    def count(at: datetime) -> int | None:
        return retry_after(app.engine, at, token, 4, closed)

    edge = datetime(2027, 1, 4, 9, 0, 59, tzinfo=UTC)  # the last second of a minute
    assert [count(edge) for _ in range(4)] == [None] * 4
    just_after = datetime(2027, 1, 4, 9, 1, 5, tzinfo=UTC)  # 1 + 4 * 55/60 > 4
    assert count(just_after) >= 1
    assert count(just_after) >= 1  # 2 + 4 * 55/60: the ended minute still weighs
    next_minute = datetime(2027, 1, 4, 9, 2, 10, tzinfo=UTC)  # 1 + 2 * 50/60 <= 4
    assert count(next_minute) is None
