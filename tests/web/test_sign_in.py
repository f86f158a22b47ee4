"""Sign-in: sessions, cookies, CSRF, throttling and lockout."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from audit_engine.storage.models.lifecycle import AuditEvent
from tests.lifecycle import world
from tests.web.conftest import PASSWORD, csrf_of, sign_in


def test_sign_in_sets_a_fresh_httponly_lax_session_and_sign_out_ends_it(client):
    client.cookies.set("ae_session", "chosen-by-an-attacker", domain="127.0.0.1")
    response = sign_in(client, world.LEAD, next="/account")
    assert response.status_code == 303
    assert response.headers["location"] == "/account"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("ae_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    token = client.cookies.get("ae_session")
    assert token and token != "chosen-by-an-attacker"
    page = client.get("/")
    assert page.status_code == 200 and world.LEAD in page.text
    signed_out = client.post("/sign-out", data={"csrf": csrf_of(page.text)})
    assert signed_out.status_code == 303
    client.cookies.clear()
    client.cookies.set("ae_session", token, domain="127.0.0.1")  # replaying the old cookie
    assert client.get("/").status_code == 303


def test_cookie_is_secure_behind_https(web):
    from starlette.testclient import TestClient

    with TestClient(web, base_url="https://audit.example", follow_redirects=False) as client:
        response = sign_in(client, world.LEAD)
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("ae_session="))
    assert "Secure" in cookie


def test_pages_need_a_session_and_say_where_to_go(client):
    response = client.get("/account")
    assert response.status_code == 303
    assert response.headers["location"] == "/sign-in?next=/account"


def test_a_session_chosen_by_someone_else_is_not_accepted(client):
    client.cookies.set("ae_session", "x" * 43, domain="127.0.0.1")
    assert client.get("/").status_code == 303


def test_wrong_password_and_unknown_account_read_the_same(client):
    wrong = sign_in(client, world.LEAD, "not the password at all")
    unknown = sign_in(client, "nobody@example.com", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    for response in (wrong, unknown):
        assert "email or password is wrong" in response.text
    assert "ae_session" not in client.cookies


def test_state_changing_requests_need_the_csrf_token(client):
    sign_in(client, world.LEAD)
    page = client.get("/")
    assert client.post("/sign-out").status_code == 403
    assert client.post("/sign-out", data={"csrf": "wrong"}).status_code == 403
    other_origin = client.post("/sign-out", data={"csrf": csrf_of(page.text)},
                               headers={"origin": "https://evil.example"})
    assert other_origin.status_code == 403
    assert client.get("/").status_code == 200  # still signed in


def test_sign_in_form_needs_its_csrf_token(client):
    client.get("/sign-in")
    response = client.post("/sign-in", data={"email": world.LEAD, "password": PASSWORD})
    assert response.status_code == 403


def test_failures_slow_then_lock_the_account_and_the_lock_is_in_the_trail(web, client, people):
    clock = web.state.services.clock
    for _ in range(3):
        assert sign_in(client, world.LEAD, "wrong password!").status_code == 401
    too_soon = sign_in(client, world.LEAD, PASSWORD)
    assert too_soon.status_code == 429 and "wait" in too_soon.text
    for _ in range(7):
        clock.at += timedelta(seconds=61)
        sign_in(client, world.LEAD, "wrong password!")
    clock.at += timedelta(seconds=61)
    locked = sign_in(client, world.LEAD, PASSWORD)
    assert locked.status_code == 429 and "locked for" in locked.text
    with people.uow().reading() as uow:
        events = uow.session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in.lock"))
        assert [e.subject for e in events] == [f"account:{world.LEAD}"]
    clock.at += timedelta(minutes=16)
    assert sign_in(client, world.LEAD, PASSWORD).status_code == 303


def test_idle_and_absolute_timeouts_end_a_session(web, client):
    clock = web.state.services.clock
    sign_in(client, world.LEAD)
    clock.at += timedelta(minutes=59)
    assert client.get("/").status_code == 200
    clock.at += timedelta(minutes=61)
    assert client.get("/").status_code == 303
    sign_in(client, world.LEAD)
    for _ in range(13):
        clock.at += timedelta(minutes=59)
        client.get("/")
    assert client.get("/").status_code == 303


def test_security_headers_on_pages(client):
    response = client.get("/sign-in")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


def test_next_never_leaves_the_site(client):
    response = sign_in(client, world.LEAD, next="//evil.example/x")
    assert response.headers["location"] == "/"
