"""The risk assessment pages over the real ASGI app and database (SQLite and PostgreSQL): the
list per facility, one assessment with its five steps and ratings, an action-plan item added
through the form and the same refusals as the CLI; the item is then on its owner's dashboard
and action pages and worked there like an audit's action."""

from __future__ import annotations

import re

import pytest

from audit_engine.services.risk import assessments
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in


@pytest.fixture
def assessment(people):
    """US-NJ-01's assessment: the cargo flow mapped and one high-rated threat."""
    uow, clock = people.uow, people.clock
    msc = next(c for c in people.catalogs() if c.id == "ctpat-msc")
    ra = assessments.open_assessment(uow(), clock, actor=as_cli(world.OFFICER),
                                     facility=world.FACILITY).id  # fmt: skip
    assessments.record_step(uow(), clock, actor=as_cli(world.OFFICER), assessment=ra, step="map",
                            text="Shenzhen plant -> Yantian -> Newark DC")  # fmt: skip
    assessments.add_item(uow(), clock, msc, actor=as_cli(world.OFFICER), assessment=ra,
                         kind="threat",
                         name="Cargo theft at the yard", rating="high")  # fmt: skip
    return ra


def test_the_list_shows_each_facility_and_its_assessments(client, assessment):
    sign_in(client, world.MANAGER)
    page = client.get("/risk")
    assert page.status_code == 200
    assert f'href="/risk/{assessment}"' in page.text and world.FACILITY in page.text
    assert "MX-01" not in page.text  # the manager of US-NJ-01 sees only US-NJ-01
    assert "overdue" in page.text  # nothing completed yet


def test_an_action_plan_item_added_on_the_page(client, people, assessment):
    sign_in(client, world.OFFICER)
    page = client.get(f"/risk/{assessment}")
    assert page.status_code == 200
    assert "Map cargo flow and business partners" in page.text and "Shenzhen plant" in page.text
    assert "Cargo theft at the yard" in page.text and "1 high, 0 medium, 0 low" in page.text
    assert "every high-rated item needs an action; none yet for RI-1" in page.text
    assert "rate at least one vulnerability" in page.text
    done = client.post(f"/risk/{assessment}/actions", data={
        "csrf": csrf_of(page.text), "owner": world.OWNER, "due": "2027-02-01",
        "plan": "Light the yard", "item": "RI-1"})  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == f"/risk/{assessment}#action-plan"
    view = assessments.show_assessment(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                                       assessment=assessment)  # fmt: skip
    [action] = view.actions
    assert (action.owner, action.item, action.plan) == (world.OWNER, "RI-1", "Light the yard")
    shown = client.get(f"/risk/{assessment}").text
    assert f'href="/actions/{action.id}"' in shown and "none yet for RI-1" not in shown


def test_bad_input_and_no_permission_are_refused_with_the_services_reasons(client, people,
                                                                           assessment):
    sign_in(client, world.OFFICER)
    token = csrf_of(client.get(f"/risk/{assessment}").text)
    form = {"csrf": token, "owner": world.OWNER, "due": "2027-02-30", "plan": "x"}
    bad_date = client.post(f"/risk/{assessment}/actions", data=form)
    assert bad_date.status_code == 422 and "is not a date" in bad_date.text
    past = client.post(f"/risk/{assessment}/actions", data={**form, "due": "2020-01-01"})
    assert past.status_code == 422 and "is before today" in past.text
    missing = client.get("/risk/RA-99")
    assert missing.status_code == 404
    client.post("/sign-out", data={"csrf": token})
    sign_in(client, world.OWNER)  # an action owner may not see risk assessments
    page = client.get(f"/risk/{assessment}")
    assert page.status_code == 403
    assert "Add an action-plan item" not in page.text
    assessment_after = assessments.show_assessment(
        people.uow(), people.clock, actor=as_cli(world.OFFICER), assessment=assessment
    )
    assert assessment_after.actions == ()  # nothing written by the refused posts


def test_the_form_is_offered_only_to_who_may_add(client, assessment):
    sign_in(client, world.LEAD)  # an auditor may view and add (action.add)
    assert "Add an action-plan item" in client.get(f"/risk/{assessment}").text
    client.post("/sign-out", data={"csrf": csrf_of(client.get("/risk").text)})
    sign_in(client, world.ADMIN)  # an admin may view, not plan
    page = client.get(f"/risk/{assessment}")
    assert page.status_code == 200 and "Add an action-plan item" not in page.text


def test_the_owner_works_a_risk_action_on_the_action_pages(client, people, assessment):
    view = assessments.add_plan_action(
        people.uow(), people.clock, actor=as_cli(world.OFFICER), assessment=assessment,
        owner=world.OWNER,
        due=people.clock.now().date(), plan="Light the yard", item="RI-1",
    )  # fmt: skip
    action = view.actions[0].id
    sign_in(client, world.OWNER)
    assert f'href="/actions/{action}"' in client.get("/").text  # the dashboard's "my actions"
    listed = client.get("/actions").text
    assert f'href="/actions/{action}"' in listed and f'href="/risk/{assessment}"' in listed
    page = client.get(f"/actions/{action}")
    assert page.status_code == 200
    assert f'risk assessment <a href="/risk/{assessment}"' in page.text
    seen = re.search(r'name="seen" value="([^"]*)"', page.text).group(1)
    started = client.post(f"/actions/{action}/start",
                          data={"csrf": csrf_of(page.text), "seen": seen})  # fmt: skip
    assert started.status_code == 303
    assert 'id="action-status">in progress' in client.get(f"/actions/{action}").text


def test_another_facilitys_assessment_is_not_found(client, assessment):
    sign_in(client, world.OTHER_MANAGER)  # manager of MX-01 only
    page = client.get(f"/risk/{assessment}")
    assert page.status_code == 404 and world.FACILITY not in page.text
    token = csrf_of(client.get("/").text)
    posted = client.post(f"/risk/{assessment}/actions", data={
        "csrf": token, "owner": world.OWNER, "due": "2099-01-31", "plan": "x"})
    assert posted.status_code == 404
