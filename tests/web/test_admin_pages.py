"""Administration over HTTP: roles per facility, names, (de)activation, programmes and their
fieldwork windows, reminder rules, subscriptions and outbox retries, through the same services
as the CLI. Refusals come back next to their form with the service's message; every change is
in the trail as the signed-in user, via the web."""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict
from datetime import timedelta

import pytest
from sqlmodel import select

from audit_engine.services.administration.people import list_users
from audit_engine.storage.models.lifecycle import AuditEvent
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in


def _signed_in(client, email: str) -> str:
    sign_in(client, email)
    return csrf_of(client.get("/admin").text)


def _roles(app, email: str) -> list[str]:
    return next(list(u.roles) for u in list_users(app.uow()) if u.email == email)


def _last_event(app, action: str) -> tuple[str, dict]:
    with app.uow().reading() as uow:
        event = uow.session.exec(select(AuditEvent).where(AuditEvent.action == action)
                                 .order_by(AuditEvent.seq.desc())).first()
    assert event is not None, f"no {action} in the trail"
    payload = json.loads(event.payload)
    assert re.fullmatch(r"[0-9a-f]{32}", payload.pop("request_id"))  # the web request's id
    return event.actor, payload


def _refusal(page, form: str) -> str:
    """The one-line refusal shown next to `form` (its id), or fail."""
    found = re.search(rf'<p class="error refusal" role="alert" id="{re.escape(form)}-error"'
                      rf' tabindex="-1">([^<]*)</p>', page.text)
    assert found, f"no refusal at {form} in the page"
    return html.unescape(found.group(1))


def test_admin_grants_revokes_renames_and_reactivates(client, people):
    token = _signed_in(client, world.ADMIN)
    page = client.get(f"/admin/users/{world.OWNER}")
    assert page.status_code == 200 and "action owner" in page.text
    user_url = f"/admin/users/{world.OWNER}"
    granted = client.post(f"{user_url}/grant",
                          data={"csrf": token, "role": "auditor", "facility": "MX-01"})
    assert granted.status_code == 303 and granted.headers["location"] == user_url
    revoked = client.post(f"{user_url}/revoke", data={"csrf": token, "role": "action_owner",
                                                      "facility": world.FACILITY})
    assert revoked.status_code == 303
    assert _roles(people, world.OWNER) == ["auditor@MX-01"]
    assert _last_event(people, "user.grant") == (
        world.ADMIN, {"role": "auditor", "facility": "MX-01", "via": "web"})
    assert _last_event(people, "user.revoke")[1]["via"] == "web"
    renamed = client.post(f"{user_url}/name", data={"csrf": token, "name": "Olga Owner"})
    assert renamed.status_code == 303 and "Olga Owner" in client.get(user_url).text
    for active in ("0", "1"):
        changed = client.post(f"{user_url}/active",
                              data={"csrf": token, "active": active, "back": "user"})
        assert changed.status_code == 303 and changed.headers["location"] == user_url
    assert _last_event(people, "user.reactivate")[1]["via"] == "web"


def test_refusals_are_shown_at_their_form_and_write_nothing(client, people):
    token = _signed_in(client, world.ADMIN)
    mine = f"/admin/users/{world.ADMIN}"
    last_admin = client.post(f"{mine}/revoke", data={"csrf": token, "role": "admin"})
    assert last_admin.status_code == 403
    assert _refusal(last_admin, "revoke-admin-every") == \
        "cannot revoke the administrator role of the last active administrator"
    assert _roles(people, world.ADMIN) == ["admin"]
    unchosen = client.post(f"/admin/users/{world.LEAD}/grant",
                           data={"csrf": token, "role": "auditor", "facility": ""})
    assert unchosen.status_code == 422  # no facility preselected: "every" is chosen explicitly
    assert _refusal(unchosen, "grant") == 'choose a role and a facility (or "All facilities")'
    twice = client.post(f"/admin/users/{world.LEAD}/grant",
                        data={"csrf": token, "role": "auditor", "facility": "*"})
    assert twice.status_code == 409
    assert "holds auditor (every facility) already" in _refusal(twice, "grant")
    blank = client.post(f"/admin/users/{world.LEAD}/name", data={"csrf": token, "name": " "})
    assert blank.status_code == 422 and _refusal(blank, "name") == "the name must not be empty"
    unknown = client.post(f"/admin/users/{world.LEAD}/grant",
                          data={"csrf": token, "role": "auditor", "facility": "NOPE"})
    assert unknown.status_code == 404 and _refusal(unknown, "grant") == "facility 'NOPE' not found"
    bad_invite = client.post("/admin/users", data={"csrf": token, "email": world.LEAD,
                                                   "name": "Again", "role": "auditor"})
    assert bad_invite.status_code == 409 and "Again" in bad_invite.text  # typed, put back
    assert 'value="auditor" checked' in bad_invite.text
    _refusal(bad_invite, "invite")
    no_role = client.post("/admin/users", data={"csrf": token, "email": "new@example.com",
                                                "name": "New"})
    assert no_role.status_code == 422 and "role" in _refusal(no_role, "invite")
    assert "new@example.com" not in [u.email for u in list_users(people.uow())]


def test_compliance_officer_sees_users_but_may_not_change_them(client, people):
    token = _signed_in(client, world.OFFICER)
    page = client.get(f"/admin/users/{world.OWNER}")
    assert page.status_code == 200 and "/grant" not in page.text
    refused = client.post(f"/admin/users/{world.OWNER}/grant",
                          data={"csrf": token, "role": "auditor", "facility": "*"})
    assert refused.status_code == 403
    assert _refusal(refused, "page") == "Only an administrator can change people's access."
    assert _roles(people, world.OWNER) == [f"action_owner@{world.FACILITY}"]


ADMIN_PAGES = ["/admin/users/lead@example.com", "/admin/programs", "/admin/rules",
               "/admin/subscriptions", "/admin/outbox"]
ADMIN_FORMS = ["/admin/users/lead@example.com/grant", "/admin/users/lead@example.com/revoke",
               "/admin/users/lead@example.com/name", "/admin/programs",
               "/admin/programs/P-1/pause", "/admin/programs/fieldwork/A-1",
               "/admin/rules/action_due", "/admin/subscriptions",
               "/admin/subscriptions/S-1/remove", "/admin/outbox/1/retry"]


@pytest.mark.parametrize("who", [world.LEAD, world.MANAGER])
def test_administration_is_not_found_for_others(client, who):
    sign_in(client, who)
    token = csrf_of(client.get("/").text)
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 404, path
    for path in ADMIN_FORMS:
        answer = client.post(path, data={"csrf": token, "role": "admin", "name": "x",
                                         "report": "portfolio", "facility": "MX-01",
                                         "checklist": "ctpat-msc"})
        assert answer.status_code == 404, path


def test_forms_without_the_csrf_token_are_refused(client, people):
    _signed_in(client, world.ADMIN)
    for path in ADMIN_FORMS:
        assert client.post(path, data={"role": "admin"}).status_code == 403, path
    assert _roles(people, world.LEAD) == ["auditor"]


def test_programme_added_paused_resumed_and_its_fieldwork_moved(client, people, web):
    from audit_engine.services.calendar.programs import list_programs, open_due_audits

    token = _signed_in(client, world.OFFICER)
    today = web.state.services.clock.now().date()
    form = {"csrf": token, "facility": world.FACILITY, "checklist": "ctpat-msc",
            "every": "quarter", "start_month": "13", "fieldwork_days": "3",
            "lead": world.LEAD, "first_from": today.replace(day=1).isoformat()}
    bad = client.post("/admin/programs", data=form)
    assert bad.status_code == 422
    assert _refusal(bad, "program-add") == "start month 13 is outside 1-12"
    assert 'value="13"' in bad.text and not list_programs(people.uow())
    this_month = str(today.month)  # the first opening is the 1st of this month: due now
    added = client.post("/admin/programs", data={**form, "start_month": this_month})
    assert added.status_code == 303
    assert _last_event(people, "program.add") [1]["via"] == "web"
    assert client.post("/admin/programs/P-1/pause", data={"csrf": token}).status_code == 303
    assert list_programs(people.uow())[0].paused is True
    assert client.post("/admin/programs/P-1/resume", data={"csrf": token}).status_code == 303
    again = client.post("/admin/programs", data={**form, "start_month": this_month})
    assert again.status_code == 409 and "already has P-1" in _refusal(again, "program-add")
    open_due_audits(people.uow, people.clock, people.catalogs(), "example.com")
    page = client.get("/admin/programs")
    audit = re.search(r'action="/admin/programs/fieldwork/(A-\d+)"', page.text).group(1)
    past = client.post(f"/admin/programs/fieldwork/{audit}",
                       data={"csrf": token, "start": "2020-01-01", "days": "2"})
    assert past.status_code == 422
    assert _refusal(past, f"move-{audit}") == "fieldwork start 2020-01-01 is in the past"
    start = today + timedelta(days=20)
    moved = client.post(f"/admin/programs/fieldwork/{audit}",
                        data={"csrf": token, "start": start.isoformat(), "days": "2"})
    assert moved.status_code == 303
    actor, payload = _last_event(people, "audit.fieldwork_moved")
    assert actor == world.OFFICER and payload["via"] == "web" and payload["sequence"] == 1
    assert payload["ends_on"] == (start + timedelta(days=1)).isoformat()


def test_reminder_rules_are_changed_and_bad_days_refused(client, people):
    from audit_engine.services.calendar.reminder_rules import list_rules

    token = _signed_in(client, world.OFFICER)
    page = client.get("/admin/rules")
    assert page.status_code == 200 and 'id="rule-action_due-days"' in page.text
    saved = client.post("/admin/rules/action_due",
                        data={"csrf": token, "mandatory": "1", "days": "10, 2"})
    assert saved.status_code == 303
    rule = next(r for r in list_rules(people.uow()) if r.rule == "action_due")
    assert (rule.enabled, rule.mandatory, rule.days) == (False, True, (10, 2))
    assert _last_event(people, "reminder_rule.set") == (
        world.OFFICER, {**asdict(rule), "days": [10, 2], "via": "web"})
    bad = client.post("/admin/rules/action_due", data={"csrf": token, "days": "soon"})
    assert bad.status_code == 422
    assert "expected whole numbers" in _refusal(bad, "rule-action_due")
    weekday = client.post("/admin/rules/weekly_digest",
                          data={"csrf": token, "enabled": "1", "weekday": "fri"})
    assert weekday.status_code == 303
    assert next(r for r in list_rules(people.uow())
                if r.rule == "weekly_digest").weekday == "fri"


def test_subscriptions_added_and_removed(client, people):
    from audit_engine.services.calendar.subscriptions import list_subscriptions

    token = _signed_in(client, world.OFFICER)
    form = {"csrf": token, "report": "facility", "schedule": "0 9 * * 9",
            "to": "a@example.com, b@example.com", "facility": "MX-01"}
    bad = client.post("/admin/subscriptions", data=form)
    assert bad.status_code == 422 and "weekday 9" in _refusal(bad, "subscription-add")
    assert "a@example.com, b@example.com" in bad.text
    unknown = client.post("/admin/subscriptions", data={**form, "schedule": "weekly",
                                                         "language": "xx"})
    assert unknown.status_code == 422 and "'xx' is not a language here" in (
        _refusal(unknown, "subscription-add"))
    assert 'id="sub-language"' in unknown.text and ">español<" in unknown.text.lower()
    added = client.post("/admin/subscriptions", data={**form, "schedule": "weekly",
                                                       "language": "es"})
    assert added.status_code == 303
    [made] = list_subscriptions(people.uow())
    assert made.to == ("a@example.com", "b@example.com") and made.facility == "MX-01"
    assert made.language == "es"
    assert _last_event(people, "subscription.add")[1]["via"] == "web"
    client.post("/admin/subscriptions", data={**form, "schedule": "monthly", "language": ""})
    rows = client.get("/admin/subscriptions").text.split("<tbody>")[1].split("</tbody>")[0]
    shown = [html.unescape(t) for t in re.findall(r'data-label="Language">([^<]*)<', rows)]
    assert shown == ["Español", "Each recipient's own"]  # by name, as the form offers them
    missing = client.post("/admin/subscriptions/S-9/remove", data={"csrf": token})
    assert missing.status_code == 404 and "not found" in _refusal(missing, "page")
    removed = client.post(f"/admin/subscriptions/{made.id}/remove", data={"csrf": token})
    assert removed.status_code == 303
    assert made.id not in [s.id for s in list_subscriptions(people.uow())]
    assert _last_event(people, "subscription.remove") == (world.OFFICER, {"via": "web"})


def _failed_message(app) -> int:
    """A message given up on, as dispatch leaves one (the queue's own functions)."""
    from audit_engine.services.mail.outbox import enqueue, outbox_row
    from audit_engine.storage import outbox as store

    now = app.clock.now()
    with app.uow() as uow:
        enqueue(uow.session, [outbox_row(rule="audit_due", key="A-1:7", recipients=[world.LEAD],
                                         template="audit_due", context={}, now=now,
                                         mail_domain="example.com")])
        [row] = store.claim(uow.session, now, 1)
        store.mark_failed(uow.session, row.id, "gave up after 6 attempts: refused")
        uow.commit()
        return row.id


def test_a_failed_message_is_retried_from_the_outbox_page(client, people):
    from audit_engine.services.mail.outbox import list_outbox

    number = _failed_message(people)
    token = _signed_in(client, world.OFFICER)
    page = client.get("/admin/outbox?status=failed")
    assert f'action="/admin/outbox/{number}/retry"' in page.text
    retried = client.post(f"/admin/outbox/{number}/retry", data={"csrf": token})
    assert retried.status_code == 303
    [message] = list_outbox(people.uow)
    assert (message.status, message.attempts) == ("pending", 0)
    actor, payload = _last_event(people, "outbox.retry")
    assert actor == world.OFFICER and payload["via"] == "web" and payload["to"] == [world.LEAD]
    assert f"/admin/outbox/{number}/retry" not in client.get("/admin/outbox").text
    missing = client.post("/admin/outbox/999/retry", data={"csrf": token})
    assert missing.status_code == 404
    assert _refusal(missing, "page") == "outbox message 999 not found"  # no row to show it at


def test_a_chat_post_in_the_outbox_names_its_channel_in_the_readers_language(client, people):
    from audit_engine.services.administration.languages import set_user_language
    from audit_engine.services.mail.outbox import enqueue, outbox_row

    with people.uow() as uow:  # as services/mail/chat.py queues a post to channel 1
        enqueue(uow.session, [outbox_row(rule="chat", key="chat:1:A-1", template="chat",
                                         recipients=["slack channel 1"], context={},
                                         now=people.clock.now(), mail_domain="example.com")])
        uow.commit()
    set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN),
                      email=world.OFFICER, language="es", check=people.languages.checked)
    _signed_in(client, world.OFFICER)
    page = client.get("/admin/outbox").text
    assert "canal 1 de Slack" in page and "slack channel" not in page


def test_the_outbox_page_warns_while_no_scheduler_ticks(client, people):
    from audit_engine.storage.scheduler_health import record_tick

    _signed_in(client, world.OFFICER)
    assert "No scheduler has run yet" in client.get("/admin/outbox").text
    record_tick(people.engine, "node-1:42")
    page = client.get("/admin/outbox").text
    assert "No scheduler has run" not in page and "the scheduler last ran" in page
