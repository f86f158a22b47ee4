"""Tokens on the web's account page: list, create (the secret shown once), revoke."""

from __future__ import annotations

import re

import pytest

from tests.lifecycle import world
from tests.web.conftest import (  # noqa: F401
    client,
    csrf_of,
    people,
    people_home,
    sign_in,
    web,
)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_create_use_and_revoke_a_token_on_the_account_page(client, people):  # noqa: F811
    sign_in(client, world.OFFICER)
    page = client.get("/account")
    assert page.status_code == 200 and "No tokens yet." in page.text
    refused = client.post("/account/tokens", data={"name": "BI", "expires": "soon",
                                                   "csrf": csrf_of(page.text)})
    assert refused.status_code == 422 and "not a number of days" in refused.text
    made = client.post("/account/tokens", data={"name": "BI dashboard", "expires": "30",
                                                "read_only": "1", "csrf": csrf_of(page.text)})
    assert made.status_code == 201
    secret = re.search(r'id="new-token"[^>]*>(aet_[^<]+)<', made.text).group(1)
    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/audits", headers=bearer).status_code == 200
    again = client.get("/account").text
    assert "BI dashboard" in again and "read only" in again and secret not in again
    token_id = re.search(r'action="/account/tokens/(\d+)/revoke"', again).group(1)
    revoked = client.post(f"/account/tokens/{token_id}/revoke", data={"csrf": csrf_of(again)})
    assert revoked.status_code == 303
    assert client.get("/api/v1/audits", headers=bearer).status_code == 401
    assert "revoked" in client.get("/account").text
    assert _via(people, "token.create") == _via(people, "token.revoke") == "web"


def _via(app, action: str) -> str:
    import json

    from sqlmodel import select

    from audit_engine.storage.models.lifecycle import AuditEvent

    with app.uow().reading() as uow:
        event = uow.session.exec(select(AuditEvent).where(AuditEvent.action == action)).one()
    return json.loads(event.payload)["via"]
