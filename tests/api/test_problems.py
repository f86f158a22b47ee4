"""Bad input and refusals as RFC 9457 problem details: the status the CLI's exit code maps
to, one line naming what is wrong and where, and nothing written."""

from __future__ import annotations

from tests.api.conftest import if_match
from tests.lifecycle import world

PROBLEM = "application/problem+json"


def _problem(response, status: int, *named: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status and body["type"].startswith("urn:audit-engine:problem:")
    for word in named:
        assert word in body["detail"], body
    return body


def _version(api, cast, audit: str) -> int:
    return int(api.get(f"/audits/{audit}", headers=cast.as_(world.LEAD)).headers["etag"][1:-1])


def test_bad_bodies_are_named(app, cast, api):
    officer = cast.as_(world.OFFICER)
    good = {"facility": world.FACILITY, "checklist": "ctpat-msc", "period": "2027-Q1",
            "lead": world.LEAD}
    _problem(api.post("/audits", content=b"{not json", headers={**officer,
             "content-type": "application/json"}), 400, "not valid JSON")
    body = _problem(api.post("/audits", json={**good, "priority": "high"}, headers=officer),
                    422, "priority", "unknown field")
    assert body["errors"] == [{"field": "priority", "in": "body", "message": "unknown field"}]
    _problem(api.post("/audits", json={**good, "due": 12}, headers=officer), 422, "due")
    _problem(api.post("/audits", json={**good, "period": "2027-Q5"}, headers=officer), 422,
             "2027-Q5")
    _problem(api.post("/audits", json={**good, "team": [world.OWNER]}, headers=officer), 403,
             "cannot be on the audit team")
    _problem(api.post("/audits", content=b"[" * 2_000_000, headers={**officer,
             "content-type": "application/json"}), 413, "bytes")
    assert api.get("/audits", headers=officer).json()["items"] == []


def test_refusals_map_to_their_statuses(app, cast, api):
    audit = world.plan(app)
    lead, officer = cast.as_(world.LEAD), cast.as_(world.OFFICER)
    version = _version(api, cast, audit)
    _problem(api.post(f"/audits/{audit}/transitions", json={"event": "submit"}, headers=lead),
             428, "If-Match")
    _problem(api.post(f"/audits/{audit}/transitions", json={"event": "submit"},
                      headers={**lead, **if_match(version)}), 409, "submit", "planned")
    _problem(api.post(f"/audits/{audit}/transitions", json={"event": "close"},
                      headers={**cast.as_(world.OWNER), **if_match(version)}), 403,
             "compliance_officer")
    _problem(api.post(f"/audits/{audit}/transitions", json={"event": "launch"},
                      headers={**lead, **if_match(version)}), 422, "event")
    started = api.post(f"/audits/{audit}/transitions", json={"event": "start"},
                       headers={**lead, **if_match(version)})
    assert started.status_code == 200 and started.headers["etag"] == f'"{version + 1}"'
    _problem(api.post(f"/audits/{audit}/transitions", json={"event": "cancel", "reason": "x"},
                      headers={**officer, **if_match(version)}), 412, "changed")
    _problem(api.get("/audits/A-999", headers=lead), 404, "A-999")
    _problem(api.get("/audits/nonsense", headers=lead), 404, "A-<number>")


def test_a_bulk_write_is_all_or_nothing(app, cast, api):
    audit = world.plan(app)
    lead = cast.as_(world.LEAD)
    version = api.post(f"/audits/{audit}/transitions", json={"event": "start"},
                       headers={**lead, **if_match(_version(api, cast, audit))}).json()["version"]
    criteria = [a["criterion"] for a in api.get(f"/audits/{audit}/answers", headers=lead).json()]
    answers = [{"criterion": c, "result": "compliant"} for c in criteria[:3]]
    answers.append({"criterion": "99.99", "result": "compliant"})
    _problem(api.post(f"/audits/{audit}/answers", json={"answers": answers},
                      headers={**lead, **if_match(version)}), 404, "99.99")
    wrong_type = [{"criterion": criteria[0], "result": "yes"}]
    body = _problem(api.post(f"/audits/{audit}/answers", json={"answers": wrong_type},
                             headers={**lead, **if_match(version)}), 422, "answers.0.result")
    assert body["errors"][0]["field"] == "answers.0.result"
    stored = api.get(f"/audits/{audit}/answers", headers=lead).json()
    assert all(a["result"] is None for a in stored)
    assert _version(api, cast, audit) == version


def test_a_retried_post_with_an_idempotency_key_writes_once(app, cast, api):
    officer = cast.as_(world.OFFICER, **{"Idempotency-Key": "plan-nj-q1"})
    body = {"facility": world.FACILITY, "checklist": "ctpat-msc", "period": "2027-Q1",
            "lead": world.LEAD}
    first = api.post("/audits", json=body, headers=officer)
    again = api.post("/audits", json=body, headers=officer)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert again.headers["etag"] == first.headers["etag"]
    assert len(api.get("/audits", headers=officer).json()["items"]) == 1
    other = api.post("/audits", json={**body, "period": "2027-Q2"}, headers=officer)
    _problem(other, 422, "Idempotency-Key", "different request")
    # keys are per token: the same key from someone else is their own first request
    mine = api.post("/audits", json={**body, "period": "2027-Q2"},
                    headers=cast.as_(world.ADMIN, **{"Idempotency-Key": "plan-nj-q1"}))
    assert mine.status_code == 201 and "idempotent-replayed" not in mine.headers
    refused_first = api.post("/audits", json={**body, "facility": "XX"},
                             headers=cast.as_(world.OFFICER, **{"Idempotency-Key": "k2"}))
    refused_again = api.post("/audits", json={**body, "facility": "XX"},
                             headers=cast.as_(world.OFFICER, **{"Idempotency-Key": "k2"}))
    assert refused_first.status_code == refused_again.status_code == 404
    assert refused_again.headers["content-type"] == PROBLEM


def test_a_retry_is_the_same_request_whatever_its_boundary_or_whitespace(app, cast, api):
    """Idempotency compares what a request asks (method, path, fields, file hashes), not its
    bytes: clients pick a new multipart boundary each time. The upload answers with the
    audit's new ETag, so the client's next write is not refused as stale."""
    import json

    audit = world.plan(app)
    lead = cast.as_(world.LEAD)
    started = api.post(f"/audits/{audit}/transitions", json={"event": "start"},
                       headers={**lead, **if_match(_version(api, cast, audit))})
    version = started.json()["version"]

    def upload(boundary: str, content: bytes = b"%PDF gate log", key: str | None = "photo-1",
               expected: int = version):
        fields = (f'--{boundary}\r\nContent-Disposition: form-data; name="criteria"\r\n\r\n1.1\r\n'
                  f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                  'filename="gate.pdf"\r\nContent-Type: application/pdf\r\n\r\n')
        body = fields.encode() + content + f"\r\n--{boundary}--\r\n".encode()
        headers = {**lead, **if_match(expected),
                   "Content-Type": f"multipart/form-data; boundary={boundary}"}
        return api.post(f"/audits/{audit}/evidence", content=body,
                        headers={**headers, "Idempotency-Key": key} if key else headers)

    first, again = upload("boundary-one"), upload("another-boundary-2")
    assert first.status_code == again.status_code == 201, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert len(api.get(f"/audits/{audit}/evidence", headers=lead).json()) == 1
    _problem(upload("third", b"%PDF another file"), 422, "Idempotency-Key", "different request")
    assert first.headers["etag"] == api.get(f"/audits/{audit}", headers=lead).headers["etag"]
    after = int(first.headers["etag"].strip('"'))
    assert upload("next", b"%PDF fence", key=None, expected=after).status_code == 201

    officer = cast.as_(world.OFFICER, **{"Idempotency-Key": "plan-q3"})
    body = {"facility": world.FACILITY, "checklist": "ctpat-msc", "period": "2027-Q3",
            "lead": world.LEAD}
    planned = api.post("/audits", content=json.dumps(body), headers={
        **officer, "Content-Type": "application/json"})
    spaced = json.dumps(dict(reversed(body.items())), indent=4)
    replayed = api.post("/audits", content=spaced, headers={
        **officer, "Content-Type": "application/json"})
    assert planned.status_code == replayed.status_code == 201, replayed.text
    assert replayed.headers["idempotent-replayed"] == "true"


def test_service_refusals_and_bad_dates_name_their_field(app, cast, api):
    officer = cast.as_(world.OFFICER)
    plan = {"facility": world.FACILITY, "checklist": "ctpat-msc", "period": "2027-Q1",
            "lead": world.LEAD}
    late = _problem(api.post("/audits", json={**plan, "due": "2020-01-01"}, headers=officer),
                    422, "before planning")  # the service's rule, not the schema's
    assert late["errors"] == [{"field": "due", "in": "body", "message": late["detail"]}]
    for due in (0, "1900-01-01", "2027-02-30"):
        bad = _problem(api.post("/audits", json={**plan, "due": due},
                                headers=officer), 422)
        assert bad["errors"][0]["field"] == "due", bad
    for on in ("0", "1970-01-01", "2101-01-01"):
        _problem(api.get(f"/checklists/ctpat-msc?on={on}", headers=officer), 422, "on")
    assert api.get("/checklists/ctpat-msc?on=2027-01-04", headers=officer).status_code == 200
    broken = _problem(api.post("/audits", content=b'{"facility": ', headers={
        **officer, "Content-Type": "application/json"}), 400, "not valid JSON")
    assert broken["errors"][0]["field"] == "body"
    assert api.get("/audits", headers=officer).json()["items"] == []  # nothing written


def test_a_body_refused_by_the_cap_claims_no_idempotency_key(app, cast, api):
    officer = cast.as_(world.OFFICER, **{"Idempotency-Key": "plan-after-413"})
    body = {"facility": world.FACILITY, "checklist": "ctpat-msc", "period": "2027-Q1",
            "lead": world.LEAD}

    def too_big():
        yield b'{"facility": "'
        for _ in range(40):
            yield b"x" * 65536
        yield b'"}'

    refused = api.post("/audits", content=too_big(),
                       headers={**officer, "content-type": "application/json"})
    assert refused.status_code == 413, refused.text
    planned = api.post("/audits", json=body, headers=officer)  # the retry, body fixed
    assert planned.status_code == 201, planned.text
