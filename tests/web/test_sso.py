"""Single sign-on against a real OpenID provider (Node's oidc-provider, started per test):
sign-in with roles from groups, the failures and their references, accounts not taken over,
group changes, linking with consent, and the password policy. SQLite and PostgreSQL.

The browser journey is in test_sso_browser.py; these drive the same flow with an HTTP client.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from audit_engine.domain.clock import FixedClock
from tests.web.conftest import PASSWORD, csrf_of, sign_in
from tests.web.oidc_provider import (
    FACILITY,
    control,
    log_in_at_provider,
    provider,
    query_of,
    write_sso_file,
)

CALLBACK = "http://127.0.0.1:8000/sign-in/sso/callback"  # the default public address's


@pytest.fixture(scope="module")
def running_provider():
    """One provider for the module (starting Node costs a second); reset for each test."""
    with provider(CALLBACK) as url:
        yield url


@pytest.fixture
def issuer(running_provider, people, home):
    control(running_provider, "reset")
    write_sso_file(home, running_provider)
    return running_provider


def start(client, path: str = "/sign-in/sso/corp") -> str:
    answer = client.get(path)
    assert answer.status_code == 303, answer.text
    return answer.headers["location"]


def come_back(client, callback_url: str, **change):
    return client.get("/sign-in/sso/callback", params={**query_of(callback_url), **change})


def sign_in_as(client, sub: str):
    return come_back(client, log_in_at_provider(start(client), sub))


def trail(web, action: str) -> list[dict]:
    """The trail's `action` events, oldest first, as actor and payload."""
    import json

    from sqlmodel import select

    from audit_engine.storage.models.lifecycle import AuditEvent

    with web.state.services.uow().reading() as uow:
        rows = uow.session.exec(select(AuditEvent).where(AuditEvent.action == action)
                                .order_by(AuditEvent.seq)).all()
        return [{"actor": r.actor, "payload": json.loads(r.payload)} for r in rows]


def refused(answer, words: str) -> str:
    """The reference of a refusal page that says `words`."""
    assert answer.status_code == 401, answer.text[:500]
    assert words in answer.text
    return answer.text.split('id="sso-reference">')[1].split("<")[0]


def test_sign_in_with_roles_from_groups_then_sign_out(issuer, client, web):
    answer = sign_in_as(client, "ana")
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    page = client.get("/account")
    assert "ana@corp.example" in page.text
    grants = trail(web, "user.grant")
    assert [(g["actor"], g["payload"]["role"], g["payload"]["facility"]) for g in grants] == [
        ("identity provider", "auditor", FACILITY)]
    out = client.post("/sign-out", data={"csrf": csrf_of(page.text)})
    assert out.headers["location"] == "/sign-in?signed_out=corp"
    offered = client.get(out.headers["location"])
    assert f"{issuer}/session/end?client_id=audit-engine" in offered.text
    assert client.get("/account").status_code == 303  # the local session is gone


def test_a_group_change_at_the_provider_changes_roles_at_the_next_sign_in(issuer, client, web):
    sign_in_as(client, "ana")
    control(issuer, "groups", sub="ana", groups=["ctpat-auditors-nj", "ctpat-officers"])
    client.cookies.clear()
    assert sign_in_as(client, "ana").status_code == 303
    control(issuer, "groups", sub="ana", groups=["ctpat-officers"])
    client.cookies.clear()
    assert sign_in_as(client, "ana").status_code == 303
    revoked = trail(web, "user.revoke")
    assert [(r["actor"], r["payload"]["role"]) for r in revoked] == [
        ("identity provider", "auditor")]
    control(issuer, "groups", sub="ana", groups=["sales"])
    client.cookies.clear()
    ref = refused(sign_in_as(client, "ana"), "your groups at the identity provider give you no")
    assert [r["payload"]["role"] for r in trail(web, "user.revoke")] == [
        "auditor", "compliance_officer"]
    assert _reason(web, ref) == "no_role"


def _reason(web, reference: str) -> str:
    [event] = [e for e in trail(web, "sso.refused") if e["payload"]["reference"] == reference]
    return event["payload"]["reason"]


def test_an_account_with_the_same_email_is_not_taken_over(issuer, client, web):
    ref = refused(sign_in_as(client, "eve"), "an account with your e-mail address exists")
    assert _reason(web, ref) == "taken"
    assert trail(web, "user.sso_link") == []


def test_linking_needs_the_account_owner_signed_in(issuer, client, web):
    sign_in(client, "admin@example.com")
    callback = log_in_at_provider(start(client, "/account/sso/corp/link"), "eve")
    assert come_back(client, callback).headers["location"] == "/account/sso?linked=corp"
    assert "Linked" in client.get("/account/sso?linked=corp").text
    client.cookies.clear()
    assert sign_in_as(client, "eve").status_code == 303
    assert "admin@example.com" in client.get("/account").text


@pytest.mark.parametrize(("sub", "words", "reason"), [
    ("ben", "your groups at the identity provider give you no role", "no_role"),
    ("gus", "new accounts are not made here for e-mail addresses at", "domain"),
    ("nomail", "did not tell us your e-mail address", "email"),
])
def test_new_people_need_a_listed_domain_an_email_and_a_role(issuer, client, web, sub, words,
                                                           reason):
    assert _reason(web, refused(sign_in_as(client, sub), words)) == reason


def test_a_tampered_state_is_refused(issuer, client, web):
    callback = log_in_at_provider(start(client), "ana")
    ref = refused(come_back(client, callback, state="forged"), "started in another window")
    assert _reason(web, ref) == "state"


def test_a_replayed_code_is_refused(issuer, client, web):
    callback = log_in_at_provider(start(client), "ana")
    assert come_back(client, callback).status_code == 303
    client.cookies.clear()
    fresh = query_of(log_in_at_provider(start(client), "ana"))
    answer = come_back(client, callback, state=fresh["state"])
    assert _reason(web, refused(answer, "it was used already")) == "code"


def test_a_token_for_another_audience_is_refused(issuer, client, web):
    control(issuer, "audience", audience="another-app")
    ref = refused(sign_in_as(client, "ana"), "meant for another application")
    assert _reason(web, ref) == "audience"


def test_a_clock_ten_minutes_off_is_refused(issuer, client, web):
    """Our clock 10 minutes behind the provider's: the token is issued in our future."""
    callback = log_in_at_provider(start(client), "ana")
    app = web.state.services
    app.clock = FixedClock(app.clock.now() - timedelta(minutes=10))
    ref = refused(come_back(client, callback), "clocks of this site and the identity")
    assert _reason(web, ref) == "clock"


def test_a_provider_that_is_down_is_refused(people, home, client, web):
    with provider(CALLBACK) as url:
        write_sso_file(home, url)
    ref = refused(client.get("/sign-in/sso/corp"), "could not be reached")
    assert _reason(web, ref) == "unreachable"


def test_an_unknown_provider_is_refused(issuer, client, web):
    ref = refused(client.get("/sign-in/sso/nobody"), "does not know that identity provider")
    assert _reason(web, ref) == "unknown_provider"


def test_a_deactivated_person_cannot_sign_in_through_the_provider(issuer, client, web):
    from audit_engine.domain.actor import Actor
    from audit_engine.services.administration.user_changes import set_user_active

    sign_in_as(client, "ana")
    client.cookies.clear()
    app = web.state.services
    set_user_active(app.uow(), app.clock, actor=Actor("admin@example.com", "cli"),
                    email="ana@corp.example", active=False)
    assert _reason(web, refused(sign_in_as(client, "ana"), "deactivated")) == "deactivated"


def test_password_still_works_without_the_policy(issuer, client):
    assert sign_in(client, "admin@example.com", PASSWORD).status_code == 303


def test_the_admin_test_sign_in_shows_claims_and_roles_and_changes_nothing(issuer, client, web):
    sign_in(client, "admin@example.com")
    overview = client.get("/admin/sso")
    assert "http://127.0.0.1:8000/sign-in/sso/callback" in overview.text
    callback = log_in_at_provider(start(client, "/admin/sso/corp/test"), "ana")
    page = come_back(client, callback)
    assert page.status_code == 200
    assert "ana@corp.example" in page.text and "ctpat-auditors-nj" in page.text
    assert f"auditor at {FACILITY}" in page.text and "ctpat-auditors-nj<" in page.text
    assert [e for e in trail(web, "user.add") if e["actor"] == "identity provider"] == []
    assert trail(web, "user.grant") == [] and trail(web, "user.sso_link") == []


def test_only_an_admin_may_test(issuer, client):
    sign_in(client, "officer@example.com")
    assert client.get("/admin/sso/corp/test").status_code in (403, 404)


def test_sso_required_refuses_passwords_except_break_glass(issuer, client, web):
    sign_in(client, "admin@example.com")
    form = client.get("/admin/sso")
    answer = client.post("/admin/sso/policy", data={
        "csrf": csrf_of(form.text), "required": "1", "break_glass": "admin@example.com"})
    assert answer.status_code == 303, answer.text[-2000:]
    assert 'id="sso-required">required' in client.get("/admin/sso").text
    client.cookies.clear()
    refused_page = sign_in(client, "officer@example.com")
    assert refused_page.status_code == 401 and "passwords are not accepted here" in \
        refused_page.text
    assert "Sign in with Corp ID" in refused_page.text
    glass = sign_in(client, "admin@example.com")  # break-glass: password, then a 2nd factor
    assert glass.headers["location"] == "/account"
    client.cookies.clear()
    assert sign_in_as(client, "ana").status_code == 303


def test_requiring_sso_needs_a_break_glass_account(issuer, client):
    sign_in(client, "admin@example.com")
    form = client.get("/admin/sso")
    answer = client.post("/admin/sso/policy", data={
        "csrf": csrf_of(form.text), "required": "1", "break_glass": "nobody@example.com"})
    assert answer.status_code == 422 and "nobody@example.com: no active user" in answer.text


def test_an_admin_links_an_existing_account_by_subject(issuer, client, web):
    assert _reason(web, refused(sign_in_as(client, "eve"), "exists already")) == "taken"
    client.cookies.clear()
    sign_in(client, "admin@example.com")
    form = client.get("/admin/sso")
    answer = client.post("/admin/sso/link", data={
        "csrf": csrf_of(form.text), "email": "admin@example.com", "provider": "corp",
        "subject": "eve"})
    assert answer.status_code == 303, answer.text[-1500:]
    [linked] = trail(web, "user.sso_link")
    assert linked["actor"] == "admin@example.com" and linked["payload"]["subject"] == "eve"
    client.cookies.clear()
    assert sign_in_as(client, "eve").status_code == 303
    assert "admin@example.com" in client.get("/account").text


def test_new_provider_keys_are_fetched_on_an_unknown_key_id(issuer, client, web):
    """The keys are cached (one fetch for two sign-ins), and fetched again when a token is
    signed with a key id not seen yet (the provider rotated its keys)."""
    oidc = web.state.services.sso.clients["corp"]
    assert sign_in_as(client, "ana").status_code == 303
    client.cookies.clear()
    assert sign_in_as(client, "ana").status_code == 303
    assert oidc.key_fetches == 1 and oidc.key_ids() == {"test-key-1"}
    control(issuer, "rotate")
    client.cookies.clear()
    assert sign_in_as(client, "ana").status_code == 303
    assert oidc.key_fetches == 2 and oidc.key_ids() == {"test-key-1", "test-key-2"}


def test_the_admin_sees_mapped_roles_apart_from_hand_grants(issuer, client):
    sign_in_as(client, "ana")
    client.cookies.clear()
    sign_in(client, "admin@example.com")
    page = client.get("/admin/users/ana@corp.example").text
    assert "from the identity provider's groups" in page
    assert page.count("from the identity provider") == 1  # one grant, the mapped one
