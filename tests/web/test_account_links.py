"""Invitations and resets by mail (single-use, expiring), the second factor, set-password."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

from audit_engine.domain.integrity.totp import code_at
from audit_engine.services.administration.account_links import send_invitation
from audit_engine.services.administration.people import add_user
from audit_engine.storage.models.scheduling import OutboxMessage
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import PASSWORD, csrf_of, sign_in

NEW = "newcomer@example.com"


def _link_in_outbox(app, email: str) -> str:
    with app.uow().reading() as uow:
        rows = uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    links = [r.context["link"] for r in rows if email in r.recipients and "link" in r.context]
    assert links, f"no link mailed to {email}"
    return links[-1]


def _path(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def _choose(client, path: str, password: str, repeat: str | None = None):
    form = client.get(path)
    assert form.status_code == 200, form.text
    return client.post(path, data={"password": password, "repeat": repeat or password,
                                   "csrf": csrf_of(form.text)})


def test_an_invitation_link_sets_the_password_once(web, client, people):
    add_user(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=NEW, name="New Comer",
             roles=["auditor"])
    send_invitation(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=NEW,
                    public_url="http://127.0.0.1", mail_domain="example.com")
    path = _path(_link_in_outbox(people, NEW))
    assert _choose(client, path, "short pass").status_code == 422
    assert "at least 12" in _choose(client, path, "short pass").text
    assert _choose(client, path, "a long enough pass", "another long pass").status_code == 422
    done = _choose(client, path, "a long enough pass")
    assert done.status_code == 303
    assert client.get(path).status_code == 404  # used up
    assert sign_in(client, NEW, "a long enough pass").status_code == 303


def test_a_reset_link_expires_and_says_nothing_about_unknown_accounts(web, client, people):
    form = client.get("/password/forgot")
    for email in (world.OWNER, "nobody@example.com"):
        answer = client.post("/password/forgot", data={"email": email, "csrf": csrf_of(form.text)})
        assert answer.status_code == 200 and "If that address has an account" in answer.text
    path = _path(_link_in_outbox(people, world.OWNER))
    web.state.services.clock.at += timedelta(hours=3)
    assert client.get(path).status_code == 404


def test_a_reset_ends_the_old_sessions(web, client, people):
    sign_in(client, world.OWNER)
    assert client.get("/").status_code == 200
    from audit_engine.services.administration.account_links import request_reset

    request_reset(people.uow(), web.state.services.clock, email=world.OWNER,
                  public_url="http://x", mail_domain="example.com")
    assert _choose(client, _path(_link_in_outbox(people, world.OWNER)), "brand new password!")
    assert client.get("/").status_code == 303


def test_second_factor_is_asked_after_the_password_once_enabled(web, client):
    clock = web.state.services.clock
    sign_in(client, world.MANAGER)
    account = client.get("/account")
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', account.text).group(1)
    enabled = client.post("/account/second-factor", data={"csrf": csrf_of(account.text),
                                                          "code": code_at(secret, clock.now())})
    assert enabled.status_code == 200 and 'id="recovery-codes"' in enabled.text  # shown once
    client.cookies.clear()
    first = sign_in(client, world.MANAGER)
    assert first.headers["location"].startswith("/sign-in/code")
    assert client.get("/").status_code == 303  # not signed in before the code
    form = client.get("/sign-in/code")
    wrong = client.post("/sign-in/code", data={"csrf": csrf_of(form.text), "code": "000000"})
    assert wrong.status_code == 401
    clock.at += timedelta(seconds=60)
    right = client.post("/sign-in/code", data={"csrf": csrf_of(form.text),
                                               "code": code_at(secret, clock.now())})
    assert right.status_code == 303
    assert client.get("/").status_code == 200


def test_policy_makes_admins_enrol_before_anything_else(web, client, people):
    from audit_engine.services.administration.second_factor import require_second_factor

    require_second_factor(people.uow(), people.clock, actor=as_cli(world.ADMIN), required=True)
    response = sign_in(client, world.ADMIN)
    assert response.headers["location"] == "/account"
    assert client.get("/").status_code == 303
    assert "needs a second factor" in client.get("/account").text
    assert sign_in(client, world.LEAD).headers["location"] == "/"  # auditors are not asked


def test_set_password_from_stdin(app, cli):
    world.cast(app)
    ok = cli("user", "set-password", world.LEAD, "--password-stdin", input=PASSWORD + "\n")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip() == f"password set for {world.LEAD}"
    short = cli("user", "set-password", world.LEAD, "--password-stdin", input="short\n")
    assert short.returncode == 2
    assert short.stderr.strip() == "error: password is too short: at least 12 characters"
    unknown = cli("user", "set-password", "x@example.com", "--password-stdin", input=PASSWORD)
    assert unknown.returncode == 4
