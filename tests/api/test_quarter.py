"""A whole quarter through the API alone, plan to close: after the operator's first admin
and each person's token, every step is an HTTP request."""

from __future__ import annotations

from audit_engine.services.administration import people
from tests.api.conftest import Cast, if_match

ADMIN, OFFICER, LEAD = "admin@example.com", "officer@example.com", "lead@example.com"
MANAGER, OWNER = "manager@example.com", "owner@example.com"
SITE = "US-NJ-01"


def test_plan_to_close_through_the_api(app, client_for):
    people.add_user(app.uow(), app.clock, actor=None, email=ADMIN, name="Ada", roles=["admin"])
    cast = Cast(app)
    api = client_for(app)
    _staff(api, cast)
    audit, version = _plan(api, cast)
    version = _fieldwork(api, cast, audit, version)
    version = _review(api, cast, audit, version)
    version = _remediate(api, cast, audit, version)
    closed = api.post(f"/audits/{audit}/transitions", json={"event": "close"},
                      headers=cast.as_(OFFICER, **if_match(version)))
    assert closed.status_code == 200, closed.text
    assert closed.json()["after"] == "closed" and len(closed.json()["final_report"]) == 64
    final = api.get(f"/audits/{audit}/report/final", headers=cast.as_(MANAGER))
    assert final.status_code == 200 and final.content.startswith(b"%PDF")
    trail = api.get(f"/audits/{audit}/trail", headers=cast.as_(MANAGER)).json()
    assert [e["action"] for e in trail][-2:] == ["audit.close", "report.final"]
    assert trail[-2]["actor"] == OFFICER and trail[-2]["payload"]["via"] == "api"
    assert api.get("/trail/verify", headers=cast.as_(ADMIN)).json()["ok"] is True


def _staff(api, cast: Cast) -> None:
    admin = cast.as_(ADMIN)
    body = {"code": SITE, "name": "Newark DC", "entity_type": "us_importer", "country": "US"}
    assert api.post("/facilities", json=body, headers=admin).status_code == 201
    for email, role, where in [(OFFICER, "compliance_officer", []), (LEAD, "auditor", []),
                               (MANAGER, "manager", [SITE]), (OWNER, "action_owner", [SITE])]:
        made = api.post("/users", headers=admin, json={
            "email": email, "name": email.split("@")[0], "roles": [role], "facilities": where})
        assert made.status_code == 201, made.text


def _plan(api, cast: Cast) -> tuple[str, int]:
    body = {"facility": SITE, "checklist": "ctpat-msc", "period": "2027-Q1", "lead": LEAD}
    planned = api.post("/audits", json=body, headers=cast.as_(OFFICER))
    assert planned.status_code == 201, planned.text
    assert planned.headers["location"].endswith(planned.json()["id"])
    return planned.json()["id"], int(planned.headers["etag"].strip('"'))


def _fieldwork(api, cast: Cast, audit: str, version: int) -> int:
    lead = cast.as_(LEAD)
    started = api.post(f"/audits/{audit}/transitions", json={"event": "start"},
                       headers={**lead, **if_match(version)})
    assert started.json()["after"] == "fieldwork", started.text
    criteria = api.get(f"/audits/{audit}/answers", headers=lead).json()
    musts = [c["criterion"] for c in criteria if c["level"] == "must"]
    headers = {**lead, **if_match(started.json()["version"])}
    for name, content, named in [("empty.pdf", b"", "is empty"), ("../x.pdf", b"x", "plain")]:
        refused = api.post(f"/audits/{audit}/evidence", headers=headers,
                           files={"file": (name, content, "application/pdf")},
                           data={"criteria": musts})
        assert refused.status_code == 422 and named in refused.json()["detail"], refused.text
    assert api.get(f"/audits/{audit}/evidence", headers=lead).json() == []
    upload = api.post(
        f"/audits/{audit}/evidence", headers={**lead, **if_match(started.json()["version"])},
        files={"file": ("seal-log.pdf", b"%PDF-1.4 seal log\n", "application/pdf")},
        data={"criteria": musts},
    )
    assert upload.status_code == 201, upload.text
    listed = api.get(f"/audits/{audit}/evidence", headers=lead).json()
    assert listed[0]["criteria"] == sorted(musts) or set(listed[0]["criteria"]) == set(musts)
    download = api.get(f"/evidence/{listed[0]['id']}", headers=lead)
    assert download.content == b"%PDF-1.4 seal log\n"
    answers = [{"criterion": c, "result": "compliant"} for c in (x["criterion"] for x in criteria)]
    answers[[a["criterion"] for a in answers].index(musts[0])].update(
        result="non_compliant", note="Gate seals not logged")
    version = int(api.get(f"/audits/{audit}", headers=lead).headers["etag"].strip('"'))
    bulk = api.post(f"/audits/{audit}/answers", json={"answers": answers},
                    headers={**lead, **if_match(version)})
    assert bulk.status_code == 200 and bulk.json()["recorded"] == len(criteria), bulk.text
    submitted = api.post(f"/audits/{audit}/transitions", json={"event": "submit"},
                         headers={**lead, **if_match(bulk.json()["version"])})
    assert submitted.json()["after"] == "review", submitted.text
    return submitted.json()["version"]


def _review(api, cast: Cast, audit: str, version: int) -> int:
    officer = cast.as_(OFFICER)
    (finding,) = api.get(f"/audits/{audit}/findings", headers=officer).json()
    confirmed = api.post(f"/findings/{finding['id']}/transitions", json={"event": "confirm"},
                         headers={**officer, **if_match(version)})
    assert confirmed.json()["status"] == "confirmed", confirmed.text
    version = int(confirmed.headers["etag"].strip('"'))
    action = api.post(f"/findings/{finding['id']}/actions",
                      json={"owner": OWNER, "plan": "Log every seal at the gate"},
                      headers={**officer, **if_match(version)})
    assert action.status_code == 201, action.text
    approved = api.post(f"/audits/{audit}/transitions", json={"event": "approve"},
                        headers=cast.as_(MANAGER, **if_match(int(action.headers["etag"][1:-1]))))
    assert approved.json()["after"] == "remediation", approved.text
    return approved.json()["version"]


def _remediate(api, cast: Cast, audit: str, version: int) -> int:
    (action,) = api.get(f"/actions?audit={audit}", headers=cast.as_(OWNER)).json()
    steps = [(OWNER, "start", None), (OWNER, "implement", "Seal log kept at the gate"),
             (OFFICER, "verify", "Checked the log on site")]
    for who, event, note in steps:
        done = api.post(f"/actions/{action['id']}/transitions", json={"event": event, "note": note},
                        headers=cast.as_(who, **if_match(version)))
        assert done.status_code == 200, done.text
        version = int(done.headers["etag"].strip('"'))
    assert done.json()["status"] == "verified"
    return version
