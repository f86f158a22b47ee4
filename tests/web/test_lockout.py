"""Lockout abuse: someone who knows an address keeps failing on purpose. A completed password
reset (or an operator's set-password) lifts the lock, and a browser that signed in before gets
through with the right password while the account is slowed or locked by others."""

from __future__ import annotations

from datetime import timedelta

from starlette.testclient import TestClient

from audit_engine.services.administration.account_links import request_reset, set_password
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import PASSWORD, sign_in
from tests.web.test_account_links import _choose, _link_in_outbox, _path

WRONG = "not the password at all"


def _lock(web, client, email: str) -> None:
    """The pattern of the attack: ten wrong passwords, each after the wait asked for."""
    clock = web.state.services.clock
    for _ in range(10):
        clock.at += timedelta(seconds=61)
        sign_in(client, email, WRONG)
    clock.at += timedelta(seconds=61)
    locked = sign_in(client, email, PASSWORD)
    assert locked.status_code == 429 and "locked for" in locked.text


def _another_browser(web) -> TestClient:
    return TestClient(web, base_url="http://127.0.0.1", follow_redirects=False)


def test_a_completed_reset_lifts_the_lock(web, client, people):
    _lock(web, client, world.OWNER)
    request_reset(people.uow(), web.state.services.clock, email=world.OWNER,
                  public_url="http://x", mail_domain="example.com")
    chosen = _choose(client, _path(_link_in_outbox(people, world.OWNER)), "brand new password!")
    assert chosen.status_code == 303
    assert sign_in(client, world.OWNER, "brand new password!").status_code == 303


def test_an_operator_setting_the_password_lifts_the_lock(web, client, people):
    _lock(web, client, world.OWNER)
    set_password(people.uow(), web.state.services.clock, people.password_hasher,
                 actor=as_cli("operator"), email=world.OWNER, password="operator chose this one")
    assert sign_in(client, world.OWNER, "operator chose this one").status_code == 303


def test_a_known_browser_gets_through_while_others_keep_the_account_locked(web, client):
    signed = sign_in(client, world.OWNER)
    assert signed.status_code == 303
    cookie = next(c for c in signed.headers.get_list("set-cookie") if c.startswith("ae_device="))
    assert "HttpOnly" in cookie and "Max-Age=7776000" in cookie
    client.cookies.delete("ae_session")
    with _another_browser(web) as attacker:
        for _ in range(2):  # the lock renewed by the same pattern
            _lock(web, attacker, world.OWNER)
            assert sign_in(client, world.OWNER).status_code == 303, "the owner was locked out"
            client.cookies.delete("ae_session")
        assert sign_in(attacker, world.OWNER).status_code == 429  # the right password, unknown
        attacker.cookies.set("ae_device", "1999999999.forged", domain="127.0.0.1")
        assert sign_in(attacker, world.OWNER).status_code == 429
        _lock(web, attacker, world.LEAD)
        attacker.cookies.set("ae_device", client.cookies["ae_device"], domain="127.0.0.1")
        assert sign_in(attacker, world.LEAD).status_code == 429  # the owner's, not the lead's


def test_a_known_browser_guessing_locks_only_itself(web, client):
    assert sign_in(client, world.OWNER).status_code == 303
    client.cookies.delete("ae_session")
    _lock(web, client, world.OWNER)  # failures from the known browser count against it
    with _another_browser(web) as other:
        assert sign_in(other, world.OWNER).status_code == 303


def test_a_new_password_forgets_every_known_browser(web, client, people):
    assert sign_in(client, world.OWNER).status_code == 303
    client.cookies.delete("ae_session")
    set_password(people.uow(), web.state.services.clock, people.password_hasher,
                 actor=as_cli("operator"), email=world.OWNER, password="operator chose this one")
    with _another_browser(web) as attacker:
        _lock(web, attacker, world.OWNER)
    locked = sign_in(client, world.OWNER, "operator chose this one")
    assert locked.status_code == 429 and "locked for" in locked.text


def test_an_admin_lifts_the_lock_and_the_trail_says_so(web, client, people, cli):
    _lock(web, client, world.OWNER)
    refused = cli("user", "unlock", world.OWNER, "--as", world.OWNER)
    assert refused.returncode == 3 and "admin" in refused.stderr
    lifted = cli("user", "unlock", world.OWNER, "--as", world.ADMIN)
    assert lifted.returncode == 0, lifted.stderr
    assert lifted.stdout.startswith(f"{world.OWNER}: sign-in lock lifted (10 failed")
    assert sign_in(client, world.OWNER).status_code == 303
    with people.uow().reading() as uow:
        from sqlmodel import select

        from audit_engine.storage.models.lifecycle import AuditEvent

        [event] = uow.session.exec(select(AuditEvent).where(AuditEvent.action == "user.unlock"))
    assert (event.actor, event.subject) == (world.ADMIN, f"user:{world.OWNER}")


def test_the_lock_reads_in_the_browsers_spanish(web, client):
    import html

    _lock(web, client, world.OWNER)
    client.headers["Accept-Language"] = "es-MX,es;q=0.9"
    locked = sign_in(client, world.OWNER, PASSWORD)
    shown = html.unescape(locked.text)
    assert locked.status_code == 429
    assert f"demasiados inicios de sesión fallidos para la cuenta {world.OWNER}: bloqueado" in shown
    assert "too many failed sign-ins" not in shown
