"""Corrective-action steps through the API: a JSON body, or multipart/form-data with an
evidence file (name and size checked before anything is stored, media type kept), and the
ETag of every finding and action write is the version the service wrote."""

from __future__ import annotations

import pytest

from audit_engine.bootstrap import Settings, build_app
from audit_engine.services.actions import actions
from tests.acting import as_cli
from tests.api.conftest import Cast, if_match
from tests.lifecycle import world

LIMIT = 64  # bytes: the evidence limit of the API under test
PROBLEM = "application/problem+json"


@pytest.fixture
def small(app, client_for):
    """The API over the same database with a 64-byte evidence limit."""
    limited = build_app(Settings(**{**app.settings.__dict__, "evidence_max_bytes": LIMIT}))
    yield client_for(limited), Cast(limited)
    limited.dispose()


def _etag(response) -> int:
    return int(response.headers["etag"].strip('"'))


def _stored_files(app) -> set:
    folder = app.settings.evidence_dir
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def test_implement_with_an_evidence_file_checked_before_it_is_stored(app, small, tmp_path):
    world.cast(app)
    audit = world.plan(app)
    (action,) = world.to_remediation(app, audit, tmp_path)
    api, cast = small
    owner = cast.as_(world.OWNER)
    version = _etag(api.get(f"/actions/{action}", headers=owner))
    started = api.post(f"/actions/{action}/transitions", json={"event": "start"},
                       headers={**owner, **if_match(version)})
    assert started.status_code == 200 and _etag(started) == version + 1, started.text
    version += 1
    before = _stored_files(app)
    step = f"/actions/{action}/transitions"
    refusals = [
        ({"file": ("../gate.pdf", b"%PDF-1.4 x")}, 422, "file name"),
        ({"file": ("gate.pdf", b"x" * (LIMIT + 1))}, 422, f"larger than {LIMIT} bytes"),
        ({"file": ("gate.pdf", b"")}, 422, "empty"),
        ({"file": ("gate.pdf", b"x"), "colour": (None, "red")}, 422, "colour"),
        ({"file": (None, "not a file")}, 422, "file"),
    ]
    for files, status, named in refusals:
        refused = api.post(step, data={"event": "implement"}, files=files,
                           headers={**owner, **if_match(version)})
        assert refused.status_code == status and named in refused.json()["detail"], refused.text
        assert refused.headers["content-type"] == PROBLEM
    wrong_kind = api.post(step, content=b"event=implement", headers={
        **owner, **if_match(version), "content-type": "application/x-www-form-urlencoded"})
    assert wrong_kind.status_code == 415
    assert _stored_files(app) == before
    assert _etag(api.get(f"/actions/{action}", headers=owner)) == version  # nothing written

    done = api.post(step, data={"event": "implement", "note": "Gate log kept"},
                    files={"file": ("gate-log.pdf", b"%PDF-1.4 gate log\n", "text/plain")},
                    headers={**owner, **if_match(version)})
    assert done.status_code == 200 and done.json()["status"] == "implemented", done.text
    assert _etag(done) == version + 1
    shown = api.get(f"/actions/{action}", headers=owner)
    assert _etag(shown) == _etag(done)
    note = shown.json()["notes"][-1]
    assert note["event"] == "implement" and note["text"] == "Gate log kept"
    file = api.get(f"/evidence/{note['evidence']}", headers=owner)
    assert file.content == b"%PDF-1.4 gate log\n"
    assert file.headers["content-type"] == "application/pdf"  # follows the kept name
    assert "gate-log.pdf" in file.headers["content-disposition"]

    officer, verify = cast.as_(world.OFFICER), {"event": "verify"}
    refused = api.post(step, json=verify, headers={**owner, **if_match(_etag(done))})
    assert refused.status_code == 403
    verified = api.post(step, json=verify, headers={**officer, **if_match(_etag(done))})
    assert verified.json()["status"] == "verified" and _etag(verified) == _etag(done) + 1


def test_finding_and_action_writes_answer_with_the_version_they_wrote(app, cast, api, tmp_path):
    audit = world.plan(app)
    must, _ = world.must_and_should(app, audit)
    world.to_review(app, audit, tmp_path, {must: "non_compliant"})
    officer = cast.as_(world.OFFICER)
    (finding,) = api.get(f"/audits/{audit}/findings", headers=officer).json()
    version = _etag(api.get(f"/audits/{audit}", headers=officer))
    confirmed = api.post(f"/findings/{finding['id']}/transitions", json={"event": "confirm"},
                         headers={**officer, **if_match(version)})
    assert confirmed.status_code == 200 and _etag(confirmed) == version + 1
    added = api.post(f"/findings/{finding['id']}/actions",
                     json={"owner": world.OWNER, "plan": "Log every seal"},
                     headers={**officer, **if_match(version + 1)})
    assert added.status_code == 201 and _etag(added) == version + 2
    assert _etag(api.get(f"/audits/{audit}", headers=officer)) == version + 2
    # the services say which version they wrote (the API reads nothing after the write)
    made = actions.add_action(
        app.uow(),
        app.clock,
        actor=as_cli(world.OFFICER),
        finding=finding["id"],
        owner=world.OWNER,
        plan="And train the guards",
    )
    assert made.version == version + 3 == _etag(api.get(f"/audits/{audit}", headers=officer))
