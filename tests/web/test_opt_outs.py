"""Reminder opt-outs on the web: a person switches the "due soon" part of the daily reminder off
(and on again) on Account > Notifications; an administrator changes how a person is told from
that person's administration page (kept in the trail). Mandatory ones cannot be switched off."""

from __future__ import annotations

from datetime import date

from starlette.testclient import TestClient

from audit_engine.services.calendar import reminder_rules
from audit_engine.storage.models.notifications import InboxItem
from audit_engine.storage.models.people import User
from tests.acting import as_cli
from tests.lifecycle import world
from tests.scheduling.ticking import tick
from tests.web.conftest import csrf_of, sign_in
from tests.web.test_admin_pages import _last_event
from tests.web.test_mail_links import at, move, sent_mail

PERSON = f"/admin/users/{world.MANAGER}/notifications"


def _due_soon(web, wanted: bool) -> None:
    """The action owner ticks or unticks the box on their own page."""
    with TestClient(web, base_url="http://127.0.0.1", follow_redirects=False) as client:
        sign_in(client, world.OWNER)
        form = client.get("/account/notifications").text
        assert ('name="due-soon" value="1" checked' in form) != wanted
        data = {"csrf": csrf_of(form), "due-soon-shown": "1"} | ({"due-soon": "1"} if wanted
                                                                  else {})
        saved = client.post("/account/notifications", data=data)
        assert saved.headers.get("location") == "/account/notifications?saved=1", saved.text


def _told(app, rule: str, person: str) -> list:
    return [m for m in sent_mail(app) if m.rule == rule and person in m.recipients]


def _inbox_kinds(app, email: str) -> list[str]:
    with app.uow().reading() as uow:
        return [i.kind for i, u in uow.session.query(InboxItem, User)
                .filter(User.id == InboxItem.user_id, User.email == email).all()]


def test_a_person_and_an_admin_for_a_person_switch_reminders_off(people, web, tmp_path):
    reminder_rules.set_opt_out(people.uow(), people.clock, actor=as_cli(world.MANAGER),
                               rule="weekly_digest", opted_out=True)  # on the command line
    with TestClient(web, base_url="http://127.0.0.1", follow_redirects=False) as client:
        sign_in(client, world.OWNER)
        assert client.get(PERSON).status_code == 404  # not an administrator
        sign_in(client, world.ADMIN)
        assert 'href="/admin/users/manager%40example.com/notifications"' in client.get(
            f"/admin/users/{world.MANAGER}").text
        form = client.get(PERSON).text
        assert f"How {world.MANAGER} is told" in form
        assert 'name="kind-weekly_digest" value="none" checked' in form  # shown as it is
        refused = client.post(PERSON, data={"csrf": csrf_of(form), "kind-audit_overdue": "none"})
        assert refused.status_code == 400 and "mandatory by mail" in refused.text
        saved = client.post(PERSON, data={"csrf": csrf_of(form), "kind-weekly_digest": "mail",
                                          "kind-audit_submitted": "inbox"})
        assert saved.headers["location"] == f"{PERSON}?saved=1"
        assert 'name="kind-weekly_digest" value="mail" checked' in client.get(PERSON).text
    actor, payload = _last_event(people, "notifications.set")
    assert (actor, payload["chosen"]) == (world.ADMIN, {"weekly_digest": "mail",
                                                         "audit_submitted": "inbox"})
    move(people, "2027-01-04T09:00")
    audit = world.plan(people, due=date(2027, 3, 31))
    world.to_remediation(people, audit, tmp_path)  # submitted; CA-1 for the owner, due 02-03
    _due_soon(web, wanted=False)
    assert not tick(people, at("2027-01-25T07:00")).errors  # 9 days before CA-1 is due
    assert _told(people, "action_reminder", world.OWNER) == []  # opted out of "due soon"
    [submitted] = _told(people, "audit_submitted", world.OFFICER)
    assert world.MANAGER not in submitted.recipients  # in the inbox instead
    assert "audit_submitted" in _inbox_kinds(people, world.MANAGER)
    _due_soon(web, wanted=True)
    assert not tick(people, at("2027-01-26T07:00")).errors
    [mail] = _told(people, "action_reminder", world.OWNER)
    assert "Your corrective actions due soon" in mail.body_text
