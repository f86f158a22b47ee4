"""The Five Step Risk Assessment done on the web: open, map, rate (likelihood x impact, the
score shown), plan, document, complete; the same services and refusals as `audit-engine risk`;
someone without the role sees no forms and is refused."""

from __future__ import annotations

import re

from audit_engine.domain.rules.risk import rating_of
from audit_engine.services.risk import assessments
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in


def test_scores_and_ratings():
    assert [rating_of(1, 2), rating_of(2, 2), rating_of(3, 2), rating_of(3, 3)] == [
        (2, "low"), (4, "medium"), (6, "high"), (9, "high")]


def test_the_whole_assessment_on_the_web(client, people):
    sign_in(client, world.OFFICER)
    page = client.get("/risk").text
    token = csrf_of(page)
    year = people.clock.now().year
    opened = client.post("/risk/open", data={"csrf": token, "facility": world.FACILITY,
                                             "year": str(year)})
    assert opened.status_code == 303
    ref = opened.headers["location"].rsplit("/", 1)[-1]
    again = client.post("/risk/open", data={"csrf": token, "facility": world.FACILITY,
                                            "year": str(year)})
    assert again.status_code == 409 and "already has a risk assessment" in again.text
    for step, text in (("map", "Port of Newark to DC by carrier X"),
                       ("documentation", "Yearly review by the officer")):
        done = client.post(f"/risk/{ref}/steps/{step}", data={"csrf": token, "text": text})
        assert done.status_code == 303
    for kind, name in (("threat", "Cargo theft"), ("vulnerability", "Unlit yard")):
        rated = client.post(f"/risk/{ref}/items", data={
            "csrf": token, "kind": kind, "name": name, "likelihood": "3", "impact": "2"})
        assert rated.status_code == 303
    bad = client.post(f"/risk/{ref}/items", data={"csrf": token, "kind": "threat",
                                                  "name": "x", "likelihood": "7", "impact": "1"})
    assert bad.status_code == 422 and "likelihood" in bad.text
    shown = client.get(f"/risk/{ref}").text
    assert "score 6" in shown and shown.count('<span class="badge bad">high</span>') == 2
    items = re.findall(r'<option value="(RI-\d+)">', shown)
    owner = re.search(r'<select id="plan-owner".*?</select>', shown, re.S).group(0)
    assert world.OWNER in owner and world.OTHER_MANAGER not in owner
    for item in items:
        planned = client.post(f"/risk/{ref}/actions", data={
            "csrf": token, "item": item, "owner": world.OWNER, "due": "2099-01-31",
            "plan": "Fix it"})
        assert planned.status_code == 303
    completed = client.post(f"/risk/{ref}/complete", data={"csrf": token})
    assert completed.status_code == 303, completed.text[-800:]
    view = assessments.show_assessment(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                                       assessment=ref)
    assert view.status == "completed"


def test_no_forms_and_a_refusal_for_who_may_not_record(client, people):
    ref = assessments.open_assessment(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                                      facility=world.FACILITY).id
    sign_in(client, world.LEAD)  # an auditor may read risk assessments, not record them
    page = client.get(f"/risk/{ref}").text
    assert 'id="rate-form"' not in page and 'id="complete-assessment"' not in page
    refused = client.post(f"/risk/{ref}/steps/map", data={"csrf": csrf_of(page), "text": "x"})
    assert refused.status_code == 403 and "can work on a risk assessment" in refused.text
