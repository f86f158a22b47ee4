"""docs/deploy/nginx.conf, run: Debian's nginx with TLS in front of two `serve` nodes (separate
homes, one database). The nodes see the client nginx saw, not a forged X-Forwarded-For, and
mark cookies Secure. Skipped only where nginx is not installed (.ci/run installs it)."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from audit_engine.storage.models.accounts import SignInThrottle
from tests.web.conftest import csrf_of
from tests.web.servers import free_port, served

ROOT = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(NGINX is None, reason="nginx is not installed")]


def _site(node_a: str, node_b: str, http: int, https: int, folder: Path) -> str:
    """The documented site with this test's ports and certificate (each line must be there)."""
    text = (ROOT / "docs" / "deploy" / "nginx.conf").read_text()
    for old, new in (("10.0.0.11:8000", node_a.removeprefix("http://")),
                     ("10.0.0.12:8000", node_b.removeprefix("http://")),
                     ("listen 80;", f"listen 127.0.0.1:{http};"),
                     ("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;"),
                     ("/etc/ssl/audit-engine/fullchain.pem", str(folder / "cert.pem")),
                     ("/etc/ssl/audit-engine/privkey.pem", str(folder / "key.pem"))):
        assert text.count(old) == 1, f"docs/deploy/nginx.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


@contextmanager
def _nginx(site: str, folder: Path):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
                   check=True, capture_output=True)
    user = "user root root;\n" if os.geteuid() == 0 else ""
    (folder / "site.conf").write_text(site)
    (folder / "nginx.conf").write_text(
        f"{user}daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        f"events {{}}\nhttp {{\n access_log {folder}/access.log;\n"
        + "".join(f" {kind}_temp_path {folder}/{kind};\n"
                  for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f" include {folder}/site.conf;\n}}\n")
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"),
                                "-e", str(folder / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        time.sleep(0.5)
        assert process.poll() is None, (folder / "error.log").read_text()
        yield
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_nginx_with_tls_in_front_of_two_nodes(app, home, database_url, tmp_path):
    shared = {"AUDIT_ENGINE_TRAIL_KEY_FILE": str(home / "trail.key"),
              "AUDIT_ENGINE_SECRETS_KEY_FILE": str(home / "secrets.key")}
    other_home = tmp_path / "node-b"
    other_home.mkdir(mode=0o700)
    folder = tmp_path / "nginx"
    folder.mkdir()
    http, https = free_port(), free_port()
    with (served(home, database_url, "--no-scheduler", env=shared) as node_a,
          served(other_home, database_url, "--no-scheduler", env=shared) as node_b,
          _nginx(_site(node_a, node_b, http, https, folder), folder)):
        plain = httpx.get(f"http://127.0.0.1:{http}/sign-in", timeout=30)
        assert plain.status_code == 301
        assert plain.headers["location"] == "https://127.0.0.1/sign-in"
        trusted = ssl.create_default_context(cafile=str(folder / "cert.pem"))
        transport = httpx.HTTPTransport(local_address="127.0.0.3", verify=trusted)
        with httpx.Client(base_url=f"https://127.0.0.1:{https}", transport=transport,
                          timeout=60) as client:
            forged = {"X-Forwarded-For": "198.51.100.66"}
            for _ in range(3):
                form = client.get("/sign-in", headers=forged)
            assert "secure" in form.headers["set-cookie"].lower()
            refused = client.post("/sign-in", headers=forged, data={
                "email": "nobody@example.com", "password": "wrong password",
                "csrf": csrf_of(form.text)})
            assert refused.status_code in (401, 403), refused.status_code
            assert "wrong" in refused.text
        metrics = httpx.get(f"https://127.0.0.1:{https}/metrics", verify=trusted, timeout=30)
        assert metrics.status_code == 403
    with Session(app.engine) as session:
        keys = {row.key for row in session.exec(select(SignInThrottle))}
    assert "address:127.0.0.3" in keys, keys  # nginx's client, believed from nginx only
    assert not {"address:127.0.0.1", "address:198.51.100.66"} & keys, keys
    for node_home in (home, other_home):  # requests reached both nodes
        assert "GET /sign-in" in next(node_home.glob("serve-*.log")).read_text()
