"""Client addresses behind a proxy: X-Forwarded-For counts only from a trusted proxy's address
(setting forwarded_allow_ips / `serve --forwarded-allow-ips`), checked on a real `serve`."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import Session, select

from audit_engine.storage.models.accounts import SignInThrottle
from tests.web.conftest import csrf_of
from tests.web.servers import served


def _fail_sign_in(base: str, source: str, forwarded_for: str) -> None:
    """A wrong password sent from loopback address `source` (Linux answers all of 127/8)."""
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(base_url=base, transport=transport, timeout=60) as client:
        headers = {"X-Forwarded-For": forwarded_for}
        form = client.get("/sign-in", headers=headers)
        wrong = {"email": "nobody@example.com", "password": "wrong password",
                 "csrf": csrf_of(form.text)}
        refused = client.post("/sign-in", headers=headers, data=wrong)
        assert refused.status_code in (401, 403), refused.status_code


@pytest.mark.slow
def test_only_a_trusted_proxy_names_the_client(app, home, database_url):
    env = {"AUDIT_ENGINE_FORWARDED_ALLOW_IPS": "10.0.0.0/8, 127.0.0.2"}
    with served(home, database_url, env=env) as base:
        _fail_sign_in(base, "127.0.0.2", "203.0.113.7")  # the proxy: its header counts
        _fail_sign_in(base, "127.0.0.1", "198.51.100.9")  # anyone else: the peer counts
    with Session(app.engine) as session:
        keys = {row.key for row in session.exec(select(SignInThrottle))}
    assert "address:203.0.113.7" in keys
    assert "address:127.0.0.1" in keys
    assert not {"address:127.0.0.2", "address:198.51.100.9"} & keys, keys


@pytest.mark.parametrize(("args", "env", "named"), [
    (("--forwarded-allow-ips", "10.0.0.1/8"), {}, "--forwarded-allow-ips: '10.0.0.1/8'"),
    (("--forwarded-allow-ips", "proxy.local"), {}, "--forwarded-allow-ips: 'proxy.local'"),
    ((), {"AUDIT_ENGINE_FORWARDED_ALLOW_IPS": "127.0.0.1,,10.0.0.0/8"},
     "setting forwarded_allow_ips: an empty entry"),
])
def test_a_bad_proxy_address_is_one_line(cli, args, env, named):
    result = cli("serve", "--port", "0", *args, env=env)
    assert result.returncode != 0
    assert result.stderr.startswith(f"error: {named}"), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
