"""What the phone's sender meets on the server, over HTTP on SQLite and PostgreSQL: an answer
or note given offline recorded once per Idempotency-Key with the device's time in the trail,
a conflict (the criterion changed after the device read it) answered with the server's side
and nothing overwritten, an audit that left fieldwork answered with the reason, and a photo in
chunks that resumes where it stopped, checked by SHA-256 and stored once."""

from __future__ import annotations

import hashlib
import io

import pytest

from audit_engine.services.fieldwork import answers
from audit_engine.services.review import transitions
from audit_engine.services.trail import show_log
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in

GIVEN = "2027-01-05T08:30:00.000Z"


@pytest.fixture
def audit(people):
    ref = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=ref)
    return ref


@pytest.fixture
def lead(client, audit):
    sign_in(client, world.LEAD)
    return {"X-CSRF-Token": csrf_of(client.get(f"/audits/{audit}/fieldwork").text)}


def _criteria(people, audit) -> list[str]:
    return [row.criterion for row in _answers(people, audit)]


def _answers(people, audit):
    from audit_engine.services.pages.dossier import audit_dossier

    return audit_dossier(people.uow(), people.clock, audit).answers


def _events(people, audit, action):
    return [e for e in show_log(people.uow(), audit) if e.action == action]


def _answer(client, audit, criterion, headers, key, **fields):
    body = {"result": "compliant", "note": "", "read_at": "", "given_at": GIVEN, **fields}
    return client.post(f"/offline/audits/{audit}/answers/{criterion}", data=body,
                       headers={**headers, "Idempotency-Key": key})


def test_an_answer_is_recorded_once_with_the_device_time(client, people, audit, lead):
    criterion = _criteria(people, audit)[0]
    first = _answer(client, audit, criterion, lead, "k-1")
    assert first.status_code == 200, first.text
    assert first.json()["outcome"] == "applied" and first.json()["by"] == world.LEAD
    again = _answer(client, audit, criterion, lead, "k-1")  # its answer was lost: sent again
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    note = _answer(client, audit, criterion, lead, "k-2", note="gate 3 chained",
                   read_at=first.json()["at"])  # read after the first was applied
    assert note.json()["outcome"] == "applied", note.text
    recorded = _events(people, audit, "answer.record")
    assert [e.payload["note"] for e in recorded] == ["", "gate 3 chained"]
    for event in recorded:
        assert event.payload["given_on_device"] == "2027-01-05T08:30:00+00:00"
        assert event.payload["via"] == "web" and event.at.isoformat() != GIVEN
    reused = _answer(client, audit, criterion, lead, "k-1", result="partial", note="x")
    assert reused.status_code == 422 and "different request" in reused.json()["reason"]


def test_a_change_made_meanwhile_is_not_overwritten(client, people, audit, lead):
    criterion = _criteria(people, audit)[1]
    answers.record_answer(people.uow(), people.clock, actor=as_cli(world.AUDITOR2), audit=audit,
                          criterion=criterion, result="non_compliant", note="seal broken")
    sent = _answer(client, audit, criterion, lead, "k-3")  # read while unanswered
    assert sent.status_code == 409
    body = sent.json()
    assert body["outcome"] == "conflict"
    assert body["server"]["result"] == "non_compliant" and body["server"]["by"] == world.AUDITOR2
    assert body["server"]["note"] == "seal broken" and body["server"]["at"]
    row = next(a for a in _answers(people, audit) if a.criterion == criterion)
    assert (row.result, row.note) == ("non_compliant", "seal broken")
    mine = _answer(client, audit, criterion, lead, "k-4", read_at=body["server"]["at"])
    assert mine.json()["outcome"] == "applied"  # the auditor chose theirs: sent again


def test_an_audit_that_left_fieldwork_holds_the_item(client, people, audit, lead, tmp_path):
    world.answer_all(people, audit, tmp_path)
    transitions.submit_audit(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    criterion = _criteria(people, audit)[0]
    row = next(a for a in _answers(people, audit) if a.criterion == criterion)
    sent = _answer(client, audit, criterion, lead, "k-5", read_at=row.answered_at.isoformat())
    assert sent.status_code == 409
    assert sent.json() == {"outcome": "held", "reason": "the audit is now in findings review: "
                           "answers and photos can no longer be added"}
    bad = _answer(client, audit, criterion, lead, "k-6", given_at="yesterday")
    assert bad.status_code == 422 and "given_at" in bad.json()["reason"]


def _jpeg(size: int = 1_500_000) -> bytes:
    import os

    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (800, 600), os.urandom(800 * 600 * 3)).save(out, "JPEG", quality=95)
    return out.getvalue()[:size] if len(out.getvalue()) < size else out.getvalue()


def test_a_photo_in_chunks_resumes_and_is_stored_once(client, people, audit, lead):
    data, criterion = _jpeg(), _criteria(people, audit)[2]
    upload = "3f0c0f4e-5f6a-4c55-9a5e-0c8a6b1d2e3f"
    base = f"/offline/uploads/{upload}"
    described = {"audit": audit, "criterion": criterion, "name": "gate.jpg",
                 "size": str(len(data)), "sha256": hashlib.sha256(data).hexdigest()}
    assert client.post(base, data=described, headers=lead).json()["offset"] == 0
    half = len(data) // 2

    def first_half():
        return client.put(f"{base}?offset=0", content=data[:half], headers=lead).json()

    assert first_half()["offset"] == half
    assert first_half()["offset"] == half  # its answer was lost: sent again, not written twice
    early = client.put(f"{base}?offset={half + 10}", content=data[half + 10:], headers=lead)
    assert early.status_code == 409 and early.json() == {"outcome": "resume", "offset": half}
    assert client.post(base, data=described, headers=lead).json()["offset"] == half  # restart
    assert client.get(base, headers=lead).json()["offset"] == half
    client.put(f"{base}?offset={half}", content=data[half:], headers=lead)
    finish = {**lead, "Idempotency-Key": upload}
    done = client.post(f"{base}/finish", data={"given_at": GIVEN}, headers=finish)
    assert done.status_code == 200 and done.json()["outcome"] == "applied", done.text
    again = client.post(f"{base}/finish", data={"given_at": GIVEN}, headers=finish)
    assert again.json() == done.json()
    added = _events(people, audit, "evidence.add")
    assert len(added) == 1 and added[0].payload["criteria"] == [criterion]
    assert added[0].payload["given_on_device"] == "2027-01-05T08:30:00+00:00"
    assert added[0].payload["sha256"] == described["sha256"]


def test_a_damaged_photo_is_refused_and_sent_again(client, people, audit, lead):
    data, criterion = _jpeg(), _criteria(people, audit)[2]
    base = "/offline/uploads/damaged-photo-1"
    described = {"audit": audit, "criterion": criterion, "name": "gate.jpg",
                 "size": str(len(data)), "sha256": hashlib.sha256(b"other").hexdigest()}
    client.post(base, data=described, headers=lead)
    client.put(f"{base}?offset=0", content=data, headers=lead)
    done = client.post(f"{base}/finish", data={"given_at": GIVEN},
                       headers={**lead, "Idempotency-Key": "damaged-photo-1"})
    assert done.status_code == 422 and done.json()["again"] is True
    assert not _events(people, audit, "evidence.add")
    too_big = client.post("/offline/uploads/too-big-photo", headers=lead, data={
        **described, "size": str(10**12)})
    assert too_big.status_code == 422 and "size" in too_big.json()["reason"]
    elsewhere = client.post("/offline/uploads/elsewhere-photo", headers=lead, data={
        **described, "audit": "A-999"})  # nothing lands on the disk for an audit not seen
    assert elsewhere.status_code == 404 and "A-999" in elsewhere.json()["reason"]


def test_the_service_worker_covers_the_site(client):
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker.headers["service-worker-allowed"] == "/"
    assert worker.headers["content-type"].startswith("text/javascript")
    manifest = client.get("/static/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest.json()["scope"] == "/"
    assert client.post("/offline/uploads/none-such-upload", data={}).status_code in (303, 403)


def test_a_photo_begun_on_one_node_is_finished_on_another(client, people, settings, audit, lead,
                                                          tmp_path):
    """The chunks wait in the database: a proxy may send each request to any node."""
    from dataclasses import replace

    from starlette.testclient import TestClient

    from audit_engine.asgi import create_app

    data, criterion = _jpeg(), _criteria(people, audit)[2]
    base = "/offline/uploads/two-nodes-photo"
    client.post(base, headers=lead, data={
        "audit": audit, "criterion": criterion, "name": "gate.jpg", "size": str(len(data)),
        "sha256": hashlib.sha256(data).hexdigest()})
    half = len(data) // 2
    assert client.put(f"{base}?offset=0", content=data[:half], headers=lead).status_code == 200
    other_home = tmp_path / "node-b"
    other_home.mkdir()
    node_b = create_app(replace(settings, home=other_home, database_url=settings.database_url
                                or settings.effective_database_url,
                                trail_key_file=settings.trail_key_path,
                                secrets_key_file=settings.secrets_key_path))
    with TestClient(node_b, base_url="http://127.0.0.1", follow_redirects=False,
                    cookies=dict(client.cookies)) as other:
        assert other.get(base, headers=lead).json()["offset"] == half
        rest = other.put(f"{base}?offset={half}", content=data[half:], headers=lead)
        assert rest.json()["offset"] == len(data)
        done = other.post(f"{base}/finish", data={"given_at": GIVEN},
                          headers={**lead, "Idempotency-Key": "two-nodes-photo"})
    node_b.state.services.dispose()
    assert done.status_code == 200 and done.json()["outcome"] == "applied", done.text
    assert len(_events(people, audit, "evidence.add")) == 1
    for home in (settings.home, other_home):
        assert not list(home.rglob("*.part"))  # nothing of it on either node's disk


def test_a_photo_left_half_sent_for_a_week_is_removed_by_the_tick(client, people, audit, lead):
    from datetime import timedelta

    from audit_engine.bootstrap.tick_wiring import tick_parts
    from audit_engine.services.calendar.tick import tick

    data, criterion = _jpeg(), _criteria(people, audit)[2]
    base = "/offline/uploads/left-behind-photo"
    client.post(base, headers=lead, data={
        "audit": audit, "criterion": criterion, "name": "gate.jpg", "size": str(len(data)),
        "sha256": hashlib.sha256(data).hexdigest()})
    client.put(f"{base}?offset=0", content=data[:1000], headers=lead)
    tick(tick_parts(people, at=people.clock.now() + timedelta(days=6)), send=False)
    assert client.get(base, headers=lead).json()["offset"] == 1000  # six days: still kept
    tick(tick_parts(people, at=people.clock.now() + timedelta(days=8)), send=False)
    gone = client.get(base, headers=lead)
    assert gone.status_code == 404 and "no photo under way" in gone.json()["reason"]
