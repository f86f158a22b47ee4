"""GET /risk-assessments and /risk-assessments/{assessment} on SQLite and PostgreSQL: the CLI's
read model and permissions (risk.view at the facility), problems for unknown ids. A risk
assessment's action-plan item is listed, shown and worked through /actions like an audit's,
its ETag the trail position (a stale If-Match is 412)."""

from __future__ import annotations

from datetime import date

import pytest

from audit_engine.services.risk import assessments
from tests.acting import as_cli
from tests.api.conftest import if_match
from tests.lifecycle import world


@pytest.fixture
def assessment(app, cast):
    uow, clock = app.uow, app.clock
    msc = next(c for c in app.catalogs() if c.id == "ctpat-msc")
    ra = assessments.open_assessment(uow(), clock, actor=as_cli(world.OFFICER),
                                     facility=world.FACILITY).id  # fmt: skip
    view = assessments.add_item(uow(), clock, msc, actor=as_cli(world.OFFICER), assessment=ra,
                                kind="threat", name="Cargo theft", rating="high")  # fmt: skip
    assessments.add_plan_action(uow(), clock, actor=as_cli(world.OFFICER), assessment=ra,
                                owner=world.OWNER, due=date(2099, 1, 31), plan="Night guard",
                                item=view.items[0].id)  # fmt: skip
    return ra


def test_the_list_covers_the_facilities_the_caller_may_see(api, cast, assessment):
    listed = api.get("/risk-assessments", headers=cast.as_(world.MANAGER))
    assert listed.status_code == 200
    [facility] = listed.json()
    assert facility["risk"] == {"facility": world.FACILITY, "latest": None,
                                "last_assessed": None, "next_due": None, "overdue": True}
    assert facility["assessments"] == [{"id": assessment, "year": 2026, "status": "open",
                                        "assessed_on": None}]  # fmt: skip
    everyone = api.get("/risk-assessments", headers=cast.as_(world.OFFICER)).json()
    assert [f["risk"]["facility"] for f in everyone] == ["MX-01", world.FACILITY]
    assert api.get("/risk-assessments", headers=cast.as_(world.OWNER)).json() == []


def test_one_assessment_with_its_steps_items_and_plan(api, cast, assessment):
    shown = api.get(f"/risk-assessments/{assessment}", headers=cast.as_(world.LEAD))
    assert shown.status_code == 200
    body = shown.json()
    assert body["facility"] == world.FACILITY and body["status"] == "open"
    assert [s["key"] for s in body["steps"]] == ["map", "threats", "vulnerabilities",
                                                 "action_plan", "documentation"]
    assert [s["done"] for s in body["steps"]] == [False, True, False, True, False]
    [item] = body["items"]
    assert (item["kind"], item["name"], item["rating"]) == ("threat", "Cargo theft", "high")
    [action] = body["actions"]
    assert action["owner"] == world.OWNER and action["item"] == item["id"]
    assert item["actions"] == [action["id"]] and body["ratings"][0] == ["high", 1]


def test_unknown_and_not_permitted_are_problems(api, cast, assessment):
    for ref in ("RA-99", "RA-x", "99999999999999999999"):
        missing = api.get(f"/risk-assessments/{ref}", headers=cast.as_(world.OFFICER))
        assert missing.status_code == 404, ref
        assert missing.headers["content-type"].startswith("application/problem+json")
    refused = api.get(f"/risk-assessments/{assessment}", headers=cast.as_(world.OWNER))
    assert refused.status_code == 403, refused.text
    assert world.OWNER in refused.json()["detail"], refused.json()
    assert api.get(f"/risk-assessments/{assessment}").status_code == 401


def _etag(response) -> int:
    return int(response.headers["etag"].strip('"'))


def test_a_risk_action_is_listed_shown_and_worked_through_the_api(api, cast, assessment):
    owner, officer = cast.as_(world.OWNER), cast.as_(world.OFFICER)
    listed = {a["id"]: a for a in api.get("/actions", headers=owner).json()}
    [action] = [a for a in listed.values() if a["risk_assessment"] == assessment]
    assert action["finding"] is None and action["audit"] is None and action["plan"] == "Night guard"
    assert api.get("/actions", headers=cast.as_(world.OTHER_MANAGER)).json() == []  # MX-01 only
    step = f"/actions/{action['id']}/transitions"

    shown = api.get(f"/actions/{action['id']}", headers=owner)
    assert shown.status_code == 200 and shown.json()["risk_assessment"] == assessment
    seen = _etag(shown)  # the trail position as read
    started = api.post(step, json={"event": "start"}, headers={**owner, **if_match(seen)})
    assert started.status_code == 200 and started.json()["status"] == "in_progress"
    stale = api.post(step, data={"event": "implement"}, headers={**owner, **if_match(seen)},
                     files={"file": ("guard-rota.pdf", b"%PDF-1.4 rota\n", "application/pdf")})
    assert stale.status_code == 412  # it changed since `seen`: someone started it

    fresh = _etag(api.get(f"/actions/{action['id']}", headers=owner))
    done = api.post(step, data={"event": "implement"}, headers={**owner, **if_match(fresh)},
                    files={"file": ("guard-rota.pdf", b"%PDF-1.4 rota\n", "application/pdf")})
    assert done.status_code == 200 and done.json()["status"] == "implemented", done.text
    fresh = _etag(api.get(f"/actions/{action['id']}", headers=officer))
    verified = api.post(step, json={"event": "verify"}, headers={**officer, **if_match(fresh)})
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    [note] = api.get(f"/actions/{action['id']}", headers=owner).json()["notes"]
    assert note["event"] == "implement" and note["evidence"]  # the uploaded file


def test_another_facilitys_assessment_does_not_exist_for_the_caller(api, cast, assessment):
    """The MX-01 manager holds no role at the assessment's facility: 404, read and write."""
    other = cast.as_(world.OTHER_MANAGER)
    shown = api.get(f"/risk-assessments/{assessment}", headers=other)
    assert shown.status_code == 404, shown.text
    assert shown.json()["detail"] == f"risk assessment {assessment} not found"
    assert world.FACILITY not in shown.text
