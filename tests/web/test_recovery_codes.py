"""Second-factor recovery codes: ten shown once when the second factor goes on, stored hashed,
each signing in once at the code step; new ones (for the password) void the old ones."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlmodel import select

from audit_engine.domain.integrity.totp import code_at
from audit_engine.storage.models.accounts import RecoveryCode
from tests.lifecycle import world
from tests.web.conftest import PASSWORD, csrf_of, sign_in

CODE = re.compile(r'<li><code class="secret">([a-z2-9]{5}-[a-z2-9]{5})</code></li>')


def _enrol(client, clock) -> list[str]:
    sign_in(client, world.MANAGER)
    account = client.get("/account").text
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', account).group(1)
    shown = client.post("/account/second-factor", data={"csrf": csrf_of(account),
                                                        "code": code_at(secret, clock.now())})
    assert shown.status_code == 200
    return CODE.findall(shown.text)


def _code_step(client, code: str):
    """Password, then `code` at the second step; the client is signed out first."""
    client.cookies.clear()
    assert sign_in(client, world.MANAGER).headers["location"].startswith("/sign-in/code")
    form = client.get("/sign-in/code").text
    assert 'id="recovery-code"' in form
    return client.post("/sign-in/code", data={"csrf": csrf_of(form), "code": code})


def test_a_recovery_code_signs_in_once_and_new_codes_void_the_old(web, client, people):
    clock = web.state.services.clock
    codes = _enrol(client, clock)
    assert len(codes) == 10 and len(set(codes)) == 10
    with people.uow().reading() as uow:
        stored = [r.code_hash for r in uow.session.exec(select(RecoveryCode)).all()]
    assert len(stored) == 10 and all(h.startswith("$argon2id$") for h in stored)
    assert not any(c.replace("-", "") in h for c in codes for h in stored)  # hashed at rest
    assert _code_step(client, codes[0].upper().replace("-", " ")).status_code == 303
    assert client.get("/").status_code == 200  # signed in with a recovery code
    assert "9 unused recovery codes left" in client.get("/account").text
    assert _code_step(client, codes[0]).status_code == 401  # used already
    clock.at += timedelta(minutes=1)
    assert _code_step(client, codes[1]).status_code == 303
    account = client.get("/account").text
    wrong = client.post("/account/recovery-codes", data={"csrf": csrf_of(account),
                                                         "proof": "not my password"})
    assert wrong.status_code == 422 and 'id="codes-error"' in wrong.text
    assert _code_step(client, codes[2]).status_code == 303  # a wrong proof changed nothing
    account = client.get("/account").text
    renewed = client.post("/account/recovery-codes", data={"csrf": csrf_of(account),
                                                           "proof": PASSWORD})
    fresh = CODE.findall(renewed.text)
    assert renewed.status_code == 200 and len(fresh) == 10
    assert _code_step(client, codes[3]).status_code == 401  # the old ones stopped working
    assert _code_step(client, fresh[0]).status_code == 303
