"""Safe by construction: evidence that could run in a browser is only ever an attachment,
uploads with path tricks are refused before anything is stored, download URLs cannot walk the
file system, and another facility's objects do not exist."""

from __future__ import annotations

import pytest

from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in

EVIL_HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
EVIL_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
            b"<script>alert(2)</script></svg>")


@pytest.fixture
def audit(people):
    ref = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=ref)
    return ref


def _upload(client, audit, name, data, criterion):
    page = client.get(f"/audits/{audit}")
    return client.post(f"/audits/{audit}/evidence", data={"csrf": csrf_of(page.text),
                                                          "criteria": criterion},
                       files={"files": (name, data, "text/html")})


def test_html_and_svg_evidence_download_as_attachments(client, audit, people):
    sign_in(client, world.LEAD)
    must, _ = world.must_and_should(people, audit)
    for name, data, media in (("report.html", EVIL_HTML, "text/html"),
                              ("diagram.svg", EVIL_SVG, "image/svg+xml")):
        assert _upload(client, audit, name, data, must).status_code == 303
        page = client.get(f"/audits/{audit}/all")
        ref = page.text.split(f">{name}</a>")[0].rsplit('href="/evidence/', 1)[1].split('/')[0]
        got = client.get(f"/evidence/{ref}")
        assert got.status_code == 200 and got.content == data
        assert got.headers["content-type"].startswith(media)
        assert got.headers["content-disposition"].startswith("attachment;")
        assert got.headers["x-content-type-options"] == "nosniff"
        assert "sandbox" in got.headers["content-security-policy"]


@pytest.mark.parametrize("name", ["../../etc/passwd", "a/b.png", "..\\x.png", "..",
                                  "x" * 300 + ".png"])
def test_upload_names_with_path_tricks_are_refused_before_storing(client, audit, people, name):
    sign_in(client, world.LEAD)
    must, _ = world.must_and_should(people, audit)
    refused = _upload(client, audit, name, b"data", must)
    assert refused.status_code == 422
    store = people.settings.evidence_dir
    assert not store.exists() or not any(p.is_file() for p in store.rglob("*"))


def test_oversized_upload_is_refused_before_storing(client, audit, people, web):
    web.state.services.settings = people.settings.__class__(
        **{**people.settings.__dict__, "evidence_max_bytes": 10})
    sign_in(client, world.LEAD)
    must, _ = world.must_and_should(people, audit)
    refused = _upload(client, audit, "big.pdf", b"x" * 11, must)
    assert refused.status_code == 422 and "larger than 10 bytes" in refused.text
    store = people.settings.evidence_dir
    assert not store.exists() or not any(p.is_file() for p in store.rglob("*"))


@pytest.mark.parametrize("path", [
    "/evidence/..%2F..%2Fetc%2Fpasswd", "/evidence/E-1%2F..%2F..", "/evidence/E-999",
    "/static/..%2F..%2Fpyproject.toml", "/static/../__init__.py", "/audits/A-1%2F..%2F..",
])
def test_path_tricks_in_urls_find_nothing(client, audit, path):
    sign_in(client, world.LEAD)
    response = client.get(path)
    assert response.status_code == 404
    assert b"[tool." not in response.content and b"root:" not in response.content


def test_another_facilitys_finding_action_and_evidence_are_not_found(client, people, tmp_path):
    audit = world.plan(people)
    made = world.to_remediation(people, audit, tmp_path)
    sign_in(client, world.OTHER_MANAGER)
    page = client.get("/")
    token = csrf_of(page.text)
    assert client.get(f"/actions/{made[0]}").status_code == 404
    assert client.get("/evidence/E-1").status_code == 404
    assert client.post(f"/actions/{made[0]}/start", data={"csrf": token}).status_code == 404
    assert client.post("/findings/F-1/confirm", data={"csrf": token}).status_code == 404
    assert client.get(f"/audits/{audit}/final.pdf").status_code == 404
    assert made[0] not in client.get("/actions").text


def test_admin_pages_are_not_found_for_others(client):
    sign_in(client, world.LEAD)
    assert client.get("/admin").status_code == 404
    token = csrf_of(client.get("/").text)
    invite = client.post("/admin/users", data={"csrf": token, "email": "x@example.com",
                                               "name": "X", "role": "admin"})
    assert invite.status_code == 404
