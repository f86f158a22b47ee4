"""A real OpenID provider for the single sign-on tests: Node's oidc-provider (pinned by
tests/web/oidc/package-lock.json, installed by `npm ci` in .ci/run), started per test on a
free loopback port, with one client for this site and people with groups."""

from __future__ import annotations

import json
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest

HERE = Path(__file__).parent / "oidc"
CLIENT_ID, CLIENT_SECRET = "audit-engine", "test-client-secret"
FACILITY = "US-NJ-01"
PEOPLE = {  # sub -> claims
    "ana": {"email": "ana@corp.example", "email_verified": True, "name": "Ana Ortiz",
            "groups": ["ctpat-auditors-nj"]},
    "ben": {"email": "ben@corp.example", "email_verified": True, "name": "Ben Cole",
            "groups": ["sales"]},
    "eve": {"email": "admin@example.com", "email_verified": True, "name": "Eve",
            "groups": ["ctpat-auditors-nj"]},  # the e-mail of an existing password account
    "gus": {"email": "gus@elsewhere.example", "email_verified": True, "name": "Gus",
            "groups": ["ctpat-auditors-nj"]},
    "nomail": {"name": "No Mail", "groups": ["ctpat-auditors-nj"]},
}
ROLE_TABLE = [f"ctpat-auditors-nj -> auditor @ {FACILITY}",
              "ctpat-officers -> compliance officer"]


def need_node() -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the single sign-on tests run a real OpenID "
                    "provider on Node (CI installs it)")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        raise AssertionError("oidc-provider is missing: run `npm ci --prefix tests/web/oidc`")


@contextmanager
def provider(redirect_uri: str, port: int = 0):
    """Yield the issuer URL of a running provider; stop it after."""
    need_node()
    config = {"port": port, "accounts": json.loads(json.dumps(PEOPLE)), "clients": [
        {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
         "redirect_uris": [redirect_uri], "grant_types": ["authorization_code"],
         "post_logout_redirect_uris": [redirect_uri.replace("/sso/callback", "")]}]}
    process = subprocess.Popen(["node", str(HERE / "provider.mjs"), json.dumps(config)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        issuer = _issuer(process)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


def _issuer(process: subprocess.Popen) -> str:
    seen = []
    for line in process.stdout:
        seen.append(line)
        if line.startswith("listening "):
            return line.split()[1]
    raise AssertionError("the OpenID provider did not start:\n" + "".join(seen))


def write_sso_file(home: Path, issuer: str, **extra) -> Path:
    """<home>/sso.toml naming the provider (the secret in a file beside it)."""
    secret = home / "sso-secret"
    secret.write_text(CLIENT_SECRET)
    fields = {"key": "corp", "display_name": "Corp ID", "issuer": issuer,
              "client_id": CLIENT_ID, "client_secret_file": str(secret),
              "scopes": ["openid", "email", "profile", "groups"],
              "new_account_domains": ["corp.example"], "roles": ROLE_TABLE, **extra}
    lines = ["[[provider]]"] + [f"{name} = {json.dumps(value)}" for name, value in fields.items()]
    path = home / "sso.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def control(issuer: str, what: str, **body) -> None:
    """The test provider's own switches: a person's groups, the ID token's audience."""
    httpx.post(f"{issuer}/test/{what}", json=body).raise_for_status()


def log_in_at_provider(authorize_url: str, sub: str) -> str:
    """Sign `sub` in at the provider (a fresh browser-like client) and return the callback
    address it sends back to, with its code and state."""
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        answer = browser.get(authorize_url)
        for _ in range(10):
            target = urljoin(str(answer.request.url), answer.headers.get("location", ""))
            if "/sign-in/sso/callback" in target:
                return target
            if answer.status_code == 200 and "/interaction/" in str(answer.request.url):
                form = str(answer.request.url) + "/login"
                answer = browser.post(form, data={"login": sub})
                continue
            answer = browser.get(target)
        raise AssertionError(f"the provider did not send back: {answer.status_code} "
                             f"{answer.text[:300]}")


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
