"""Low findings of the hostile round, each refused cleanly at the edge: a NUL in any text,
bidirectional controls in names, full-width TOTP digits, a second factor turned off by a left-open
session, a public URL that is not http(s), arguments that are not UTF-8."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest

from audit_engine.bootstrap import load_settings
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.integrity.totp import code_at, matching_step, new_secret
from audit_engine.services.administration.people import add_facility, add_user
from audit_engine.services.administration.second_factor import (
    enable_second_factor,
    second_factor_state,
)
from audit_engine.services.integrations.tokens import create_token
from tests.acting import as_cli
from tests.conftest import COMMAND
from tests.lifecycle import world
from tests.web.conftest import PASSWORD, csrf_of, sign_in


def test_a_nul_in_any_text_is_bad_input_not_a_server_error(people, client):
    form = client.get("/sign-in")
    signed = client.post("/sign-in", data={"email": "lead\x00@example.com", "password": "x" * 12,
                                           "csrf": csrf_of(form.text)})
    assert signed.status_code in (400, 422) and "U+0000" in signed.text, signed.status_code
    token = create_token(people.uow(), people.clock, actor=as_cli(world.OFFICER), name="t").secret
    planned = client.post("/api/v1/audits", headers={"Authorization": f"Bearer {token}"},
                          json={"facility": "PLANT\u0000", "checklist": "ctpat-msc",
                                "period": "2027-Q1", "lead": world.LEAD})
    assert planned.status_code == 422 and "U+0000" in planned.json()["detail"], planned.text
    with pytest.raises(InvalidInput, match="user name contains a NUL"):
        add_user(people.uow(), people.clock, actor=as_cli(world.ADMIN), email="nul@example.com",
                 name="Nul\x00Person", roles=["auditor"])


@pytest.mark.parametrize("name", ["Eve\u202egpj.exe", "Mallory\u2066x\u2069", "a\u200fb"])
def test_names_with_bidirectional_controls_are_refused(people, name):
    with pytest.raises(InvalidInput, match="bidirectional control character"):
        add_user(people.uow(), people.clock, actor=as_cli(world.ADMIN), email="bidi@example.com",
                 name=name, roles=["auditor"])
    with pytest.raises(InvalidInput, match="bidirectional control character"):
        add_facility(people.uow(), people.clock, actor=as_cli(world.ADMIN), code="BIDI1", name=name,
                     entity_type="us_importer")


def test_an_upload_named_with_a_bidi_control_is_refused_before_storing(people, client):
    from audit_engine.services.review import transitions

    audit = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    sign_in(client, world.LEAD)
    must, _ = world.must_and_should(people, audit)
    page = client.get(f"/audits/{audit}")
    refused = client.post(f"/audits/{audit}/evidence", data={"csrf": csrf_of(page.text),
                                                             "criteria": must},
                          files={"files": ("invoice\u202efdp.exe", b"MZ", "application/pdf")})
    assert refused.status_code == 422 and "U+202E" in refused.text
    store = people.settings.evidence_dir
    assert not store.exists() or not any(p.is_file() for p in store.rglob("*"))


def test_full_width_digits_are_a_wrong_code_not_a_crash():
    from datetime import UTC, datetime

    seed, now = new_secret(), datetime(2027, 1, 4, 9, tzinfo=UTC)
    code = code_at(seed, now)
    full_width = "".join(chr(ord(c) - ord("0") + ord("\uff10")) for c in code)
    assert matching_step(seed, code, now) is not None
    assert matching_step(seed, full_width, now) is None


def _with_second_factor(people, web, email: str) -> str:
    seed = second_factor_state(people.uow(), actor=as_cli(email)).secret
    enable_second_factor(people.uow(), web.state.services.clock, people.password_hasher,
                         actor=as_cli(email), code=code_at(seed, web.state.services.clock.now()),
                         token="")
    return seed


def test_turning_the_second_factor_off_needs_a_code_or_the_password(people, web, client):
    seed = _with_second_factor(people, web, world.OWNER)
    clock = web.state.services.clock
    clock.at += timedelta(minutes=1)
    assert sign_in(client, world.OWNER).status_code == 303
    page = client.get("/sign-in/code")
    client.post("/sign-in/code", data={"code": code_at(seed, clock.now()),
                                       "csrf": csrf_of(page.text)})
    account = client.get("/account")
    assert account.status_code == 200 and "On:" in account.text
    for proof in ("", "wrong password!", "000000"):
        refused = client.post("/account/second-factor/off",
                              data={"csrf": csrf_of(account.text), "proof": proof})
        assert refused.status_code == 422 and "code or password" in refused.text
    assert second_factor_state(people.uow(), actor=as_cli(world.OWNER)).enabled
    done = client.post("/account/second-factor/off",
                       data={"csrf": csrf_of(account.text), "proof": PASSWORD})
    assert done.status_code == 303
    assert not second_factor_state(people.uow(), actor=as_cli(world.OWNER)).enabled


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://audit.example.com", "audit.example",
                                 "https://", "http://exa mple.com", "https://x.example:port"])
def test_the_public_url_must_be_an_http_address(url):
    with pytest.raises(InvalidInput, match="setting public_url"):
        load_settings({"AUDIT_ENGINE_PUBLIC_URL": url})
    assert load_settings({"AUDIT_ENGINE_PUBLIC_URL": "https://audit.example.com:8443/ae"})


def test_an_argument_that_is_not_utf8_exits_2_with_one_line(tmp_path):
    done = subprocess.run([str(COMMAND).encode(), b"answer", b"A-1", b"1.1", b"pass",
                           b"--note", b"caf\xe9 \xff"], capture_output=True,
                          env={"AUDIT_ENGINE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    lines = done.stderr.decode().splitlines()
    assert done.returncode == 2 and len(lines) == 1, done.stderr
    assert lines[0].startswith("error: argument 6") and "not valid UTF-8" in lines[0]
