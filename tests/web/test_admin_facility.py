"""A facility changed on the web: name and manager picked from the users; a bad value is one
message at the form and nothing written; a compliance officer sees no form."""

from __future__ import annotations

from audit_engine.services.administration.people import list_facilities
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in


def _facility(people):
    return next(f for f in list_facilities(people.uow()) if f.code == world.FACILITY)


def test_an_admin_changes_a_facility_and_picks_its_manager(client, people):
    sign_in(client, world.ADMIN)
    page = client.get(f"/admin/facilities/{world.FACILITY}").text
    assert f'<option value="{world.MANAGER}"' in page and 'type="email"' not in page
    token = csrf_of(page)
    done = client.post(f"/admin/facilities/{world.FACILITY}", data={
        "csrf": token, "name": "Newark East", "country": "US", "entity_type": "us_importer",
        "manager": world.MANAGER})
    assert done.status_code == 303
    assert (_facility(people).name, _facility(people).manager) == ("Newark East",
                                                                   world.MANAGER)
    bad = client.post(f"/admin/facilities/{world.FACILITY}", data={
        "csrf": token, "name": "Newark West", "country": "USA", "entity_type": "us_importer"})
    assert bad.status_code == 422 and 'id="facility-edit-error"' in bad.text
    assert _facility(people).name == "Newark East"


def test_a_compliance_officer_reads_but_does_not_change(client, people):
    sign_in(client, world.OFFICER)
    page = client.get(f"/admin/facilities/{world.FACILITY}").text
    assert 'id="save-facility"' not in page
    refused = client.post(f"/admin/facilities/{world.FACILITY}",
                          data={"csrf": csrf_of(page), "name": "Mine now"})
    assert refused.status_code == 403 and "Only an administrator can change a facility" in (
        refused.text)
    assert _facility(people).name == "Newark DC"


def test_an_officer_gives_an_action_to_someone_picked_from_the_list(client, people, tmp_path):
    from audit_engine.services.actions.actions import list_actions

    audit = world.plan(people)
    [action] = world.to_remediation(people, audit, tmp_path)
    sign_in(client, world.OFFICER)
    page = client.get(f"/actions/{action}").text
    assert f'<option value="{world.MANAGER}"' in page and 'id="reassign"' in page
    done = client.post(f"/actions/{action}/reassign",
                       data={"csrf": csrf_of(page), "owner": world.MANAGER})
    assert done.status_code == 303
    assert list_actions(people.uow(), people.clock)[0].owner == world.MANAGER
    refused = client.post(f"/actions/{action}/reassign",
                          data={"csrf": csrf_of(page), "owner": world.LEAD})
    assert refused.status_code == 403  # an auditor cannot own an action
    client.cookies.clear()
    sign_in(client, world.OWNER)
    assert 'id="reassign"' not in client.get(f"/actions/{action}").text
