"""Planning and steering from the web: plan the current quarter with a lead picked from the
list, bad input refused with one message and nothing written, change a planned audit's due
date and lead, a re-audit after a closed audit, and a programme's next audit opened now."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from audit_engine.services.pages.audit_visibility import visible_audits
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in


def _quarter(today) -> str:
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def _plan(client, **fields):
    form = client.get("/plan")
    assert form.status_code == 200
    data = {"csrf": csrf_of(form.text), "facility": world.FACILITY, "checklist": "ctpat-msc",
            "period": _quarter(client.app.state.services.clock.now().date()),
            "lead": world.LEAD, "due": "", **fields}
    return client.post("/plan", data=data)


def _audits(people):
    return visible_audits(people.uow(), actor=as_cli(world.ADMIN))


def test_the_officer_plans_this_quarter_from_the_list(client, people):
    sign_in(client, world.OFFICER)
    form = client.get("/plan").text
    today = people.clock.now().date()
    assert f'<option value="{_quarter(today)}" selected>' in form
    assert f'<option value="{world.LEAD}"' in form  # the lead is picked, never typed
    assert 'type="email"' not in form
    assert f'name="team" value="{world.AUDITOR2}"' in form  # the team is ticked, never typed
    done = _plan(client, team=[world.AUDITOR2])
    assert done.status_code == 303 and done.headers["location"].startswith("/audits/A-")
    [audit] = _audits(people)
    assert (audit.facility, audit.period, audit.lead) == (world.FACILITY, _quarter(today),
                                                          world.LEAD)
    page = client.get(done.headers["location"]).text
    assert f"team {world.AUDITOR2}" in page


@pytest.mark.parametrize(("fields", "words"), [
    ({"due": "2001-01-01"}, "is before planning"),
    ({"facility": "NOPE-9"}, "facility 'NOPE-9' not found"),
    ({"lead": world.OWNER}, "cannot be lead auditor"),
    ({"team": [world.OWNER]}, "cannot be on the audit team"),
    ({"due": "=cmd|' /C calc'!A0"}, "is not a date"),
    ({"period": "2026-Q7"}, "2026-Q7"),
])
def test_bad_input_gives_one_message_and_writes_nothing(client, people, fields, words):
    sign_in(client, world.OFFICER)
    refused = _plan(client, **fields)
    assert refused.status_code in (403, 404, 422)
    shown = re.findall(r'id="plan-error"[^>]*>([^<]*)</p>', refused.text)
    messages = [html.unescape(m) for m in shown]
    assert len(messages) == 1 and words in messages[0], refused.text[-2000:]
    assert "lead_auditor" not in messages[0] and "audit.plan" not in messages[0]
    assert _audits(people) == []


def test_only_a_planner_gets_the_form(client, people):
    sign_in(client, world.OWNER)
    page = client.get("/plan")
    assert "plan-submit" not in page.text
    refused = client.post("/plan", data={"csrf": csrf_of(page.text), "facility": world.FACILITY,
                                         "checklist": "ctpat-msc", "period": "2027-Q1",
                                         "lead": world.LEAD})
    assert refused.status_code == 403
    assert "Only an administrator or a compliance officer can plan an audit" in refused.text
    assert _audits(people) == []


def test_a_planned_audits_due_date_and_lead_change(client, people):
    ref = world.plan(people)
    sign_in(client, world.OFFICER)
    page = client.get(f"/audits/{ref}").text
    assert 'id="replan-lead"' in page
    due = people.clock.now().date() + timedelta(days=20)
    moved = client.post(f"/audits/{ref}/plan", data={"csrf": csrf_of(page),
                                                     "due": due.isoformat(),
                                                     "lead": world.AUDITOR2})
    assert moved.status_code == 303
    [audit] = _audits(people)
    assert (audit.due, audit.lead) == (due, world.AUDITOR2)
    teamed = client.post(f"/audits/{ref}/plan", data={"csrf": csrf_of(page),
                                                      "team": [world.LEAD]})
    assert teamed.status_code == 303
    assert f"team {world.LEAD}" in client.get(f"/audits/{ref}").text
    past = client.post(f"/audits/{ref}/plan", data={"csrf": csrf_of(page), "due": "2001-02-03"})
    assert past.status_code == 422 and "in the past" in past.text
    assert _audits(people)[0].due == due


def test_a_reaudit_follows_only_a_closed_audit(client, people):
    world.plan(people)
    sign_in(client, world.OFFICER)
    again = _plan(client, period=world.PERIOD)
    assert again.status_code == 409 and "already has A-1" in again.text
    reaudit = _plan(client, period=world.PERIOD, reaudit="1")
    assert reaudit.status_code == 409 and "not closed yet" in reaudit.text
    assert len(_audits(people)) == 1


def test_a_programmes_next_audit_opens_now(client, people):
    from audit_engine.services.calendar import programs

    today = people.clock.now().date()
    later = (today.replace(day=1) + timedelta(days=100)).replace(day=1)
    programs.add_program(people.uow(), people.clock, people.catalogs(), actor=as_cli(world.OFFICER),
                         facility=world.FACILITY, checklist=world.CHECKLIST,
                         start_month=later.month, lead=world.LEAD, first_from=later)
    sign_in(client, world.OFFICER)
    page = client.get("/admin/programs").text
    opened = client.post("/admin/programs/P-1/open-now", data={"csrf": csrf_of(page)})
    assert opened.status_code == 303, opened.text[-1500:]
    [audit] = _audits(people)
    assert audit.status == "planned"
    [program] = programs.list_programs(people.uow())
    assert program.next_opening > later
