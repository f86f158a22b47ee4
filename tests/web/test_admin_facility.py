"""A facility added or changed on the web: its manager picked from the users or a new person
invited on the spot; a bad value is one message at the form and nothing written; a compliance
officer sees no form."""

from __future__ import annotations

from audit_engine.services.administration.people import list_facilities
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in


def _facility(people):
    return next(f for f in list_facilities(people.uow()) if f.code == world.FACILITY)


def test_an_admin_changes_a_facility_and_picks_its_manager(client, people):
    sign_in(client, world.ADMIN)
    page = client.get(f"/admin/facilities/{world.FACILITY}").text
    assert f'<option value="{world.MANAGER}"' in page
    edit_form = page.split('id="save-facility"')[0]
    assert 'type="email"' not in edit_form  # the manager is picked, the invitation is apart
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


def _invitations(people) -> list[tuple[str, ...]]:
    from audit_engine.services.mail.outbox import list_outbox

    return [m.to for m in list_outbox(people.uow) if m.rule == "account_invitation"]


def _manager_grants(people, email: str) -> list[str]:
    from audit_engine.services.administration.people import list_users

    return [r for u in list_users(people.uow()) if u.email == email for r in u.roles]


NEW = "nora.new@example.com"


def test_a_facility_added_with_its_manager_invited_on_the_spot(client, people):
    sign_in(client, world.ADMIN)
    token = csrf_of(client.get("/admin").text)
    form = {"csrf": token, "code": "MX-NL-02", "name": "Monterrey", "entity_type": "us_importer",
            "country": "MX", "new_manager_email": NEW, "new_manager_name": "Nora New"}
    both = client.post("/admin/facilities", data={**form, "manager": world.MANAGER})
    assert both.status_code == 422 and "not both" in both.text
    taken = client.post("/admin/facilities", data={**form, "new_manager_email": world.OWNER})
    assert taken.status_code == 409 and "pick them from the list" in taken.text
    nameless = client.post("/admin/facilities", data={**form, "new_manager_name": " "})
    assert nameless.status_code == 422 and 'id="facility-error"' in nameless.text
    assert "MX-NL-02" not in [f.code for f in list_facilities(people.uow())]  # nothing written
    assert _invitations(people) == []
    done = client.post("/admin/facilities", data=form)
    assert done.status_code == 303
    added = next(f for f in list_facilities(people.uow()) if f.code == "MX-NL-02")
    assert added.manager == NEW and _manager_grants(people, NEW) == ["manager@MX-NL-02"]
    assert _invitations(people) == [(NEW,)]


def test_a_new_manager_invited_from_the_facility_page(client, people):
    sign_in(client, world.ADMIN)
    page = client.get(f"/admin/facilities/{world.FACILITY}").text
    url = f"/admin/facilities/{world.FACILITY}/manager"
    bad = client.post(url, data={"csrf": csrf_of(page), "email": "not-an-address",
                                 "name": "Nora New"})
    assert bad.status_code == 422 and 'id="manager-invite-error"' in bad.text
    assert _facility(people).manager != NEW and _invitations(people) == []
    done = client.post(url, data={"csrf": csrf_of(page), "email": NEW, "name": "Nora New"})
    assert done.status_code == 303
    assert _facility(people).manager == NEW and _invitations(people) == [(NEW,)]
    assert _manager_grants(people, NEW) == [f"manager@{world.FACILITY}"]


def test_a_new_manager_is_invited_in_the_language_picked_the_facilitys_by_default(client,
                                                                                 people):
    from audit_engine.storage import administration as store

    sign_in(client, world.ADMIN)
    page = client.get(f"/admin/facilities/{world.FACILITY}").text
    picker = page.split('id="invite-language"')[1].split("</select>")[0]
    # First and chosen: the facility's language, which the manager follows if it changes.
    assert picker.split("<option")[1].startswith(' value="">The facility\'s: English')
    assert " selected" not in picker and 'value="es"' in picker
    url = f"/admin/facilities/{world.FACILITY}/manager"
    form = {"csrf": csrf_of(page), "email": NEW, "name": "Nora New", "language": "klingon"}
    refused = client.post(url, data=form)
    assert refused.status_code == 422 and "klingon" in refused.text
    assert _invitations(people) == []
    assert client.post(url, data={**form, "language": "es"}).status_code == 303
    with people.uow().reading() as uow:
        assert store.account(uow.session, NEW).language == "es"
    assert client.post(url, data={**form, "email": "nadia@example.com",
                                  "language": ""}).status_code == 303
    with people.uow().reading() as uow:
        assert store.account(uow.session, "nadia@example.com").language is None


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
    from audit_engine.services.actions.action_listing import list_actions

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


def test_an_admin_sets_a_time_zone_and_an_unknown_one_is_refused(client, people):
    sign_in(client, world.ADMIN)
    url = f"/admin/facilities/{world.FACILITY}"
    page = client.get(url).text
    assert '<option value="Asia/Shanghai">' in page  # suggested, still typed free
    form = {"csrf": csrf_of(page), "name": "Newark DC", "entity_type": "us_importer"}
    bad = client.post(url, data={**form, "time_zone": "America/Mexico City"})
    assert bad.status_code == 422
    assert ("time zone 'America/Mexico City' is not a known IANA time zone name"
            in bad.text.replace("&#39;", "'"))
    assert 'value="America/Mexico City"' in bad.text and _facility(people).time_zone is None
    assert client.post(url, data={**form, "time_zone": "America/Mexico_City"}).status_code == 303
    assert _facility(people).time_zone == "America/Mexico_City"
    assert client.post(url, data={**form, "time_zone": ""}).status_code == 303
    assert _facility(people).time_zone is None  # back to the server's zone


def test_a_facility_is_added_with_its_time_zone(client, people):
    sign_in(client, world.ADMIN)
    page = client.get("/admin").text
    form = {"csrf": csrf_of(page), "code": "CN-SH-01", "name": "Shanghai DC",
            "entity_type": "us_importer", "country": "CN"}
    bad = client.post("/admin/facilities", data={**form, "time_zone": "Asia/Shang_Hai"})
    assert bad.status_code == 422 and "'Asia/Shang_Hai' is not a known IANA time zone" in (
        bad.text.replace("&#39;", "'"))
    assert "CN-SH-01" not in {f.code for f in list_facilities(people.uow())}
    done = client.post("/admin/facilities", data={**form, "time_zone": "Asia/Shanghai"})
    assert done.status_code == 303
    added = next(f for f in list_facilities(people.uow()) if f.code == "CN-SH-01")
    assert added.time_zone == "Asia/Shanghai"
    assert '<td data-label="Time zone">Asia/Shanghai</td>' in client.get("/admin").text
