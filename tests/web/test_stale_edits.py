"""Edits never overwrite each other silently: two sessions load the same form, one saves, the
other gets 409 naming who changed what and when (from the trail) with a reload link; for an
audit's transitions, finding decisions and corrective-action steps, on both databases."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from audit_engine.services.actions.reassign import reassign_action
from audit_engine.services.review import transitions
from audit_engine.services.review.findings import list_findings
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import sign_in

HTMX = {"HX-Request": "true"}


@pytest.fixture
def second(web):
    """Another browser: its own cookies, the same server."""
    with TestClient(web, base_url="http://127.0.0.1", follow_redirects=False) as other:
        yield other


def _hidden(html: str, action: str) -> dict[str, str]:
    """The hidden fields (csrf, version, seen) of the form posting to `action`."""
    block = html.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', block))


def _form(html: str, action: str) -> dict[str, str]:
    """The hidden fields of a step's form, which carries the trail position it was read at."""
    fields = _hidden(html, action)
    assert fields.get("seen", "").isdigit(), fields
    return fields


def _trail_seq(app, action: str) -> int:
    from sqlmodel import select

    from audit_engine.storage.models.lifecycle import AuditEvent

    with app.uow().reading() as uow:
        return uow.session.exec(select(AuditEvent.seq).where(AuditEvent.action == action)
                                .order_by(AuditEvent.seq.desc())).first()


def test_a_stale_transition_names_who_moved_the_audit(client, second, people, tmp_path):
    audit = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    world.answer_all(people, audit, tmp_path)
    sign_in(client, world.LEAD)
    sign_in(second, world.OFFICER)
    lead_form = _form(client.get(f"/audits/{audit}").text, f"/audits/{audit}/transitions/submit")
    officer_form = _form(second.get(f"/audits/{audit}").text,
                         f"/audits/{audit}/transitions/cancel")
    assert client.post(f"/audits/{audit}/transitions/submit", data=lead_form).status_code == 303
    stale = second.post(f"/audits/{audit}/transitions/cancel",
                        data={**officer_form, "reason": "facility closed"})
    assert stale.status_code == 409
    text = re.sub(r"\s+", " ", stale.text)
    assert f"{world.LEAD} moved the audit from fieldwork to review at " in text, text
    assert f"(trail event #{_trail_seq(people, 'audit.submit')})" in text
    assert f'href="/audits/{audit}"' in text and "Reload the page" in text
    assert '<html' in stale.text  # a whole page without htmx
    assert 'id="audit-status">review<' in second.get(f"/audits/{audit}").text


def _review(people, tmp_path) -> tuple[str, list[str]]:
    """An audit in review with two draft findings."""
    audit = world.plan(people)
    failing = [a.criterion for a in world._answers(people, audit) if a.level == "must"][:2]
    world.to_review(people, audit, tmp_path, {c: "non_compliant" for c in failing})
    refs = [f.id for f in list_findings(people.uow(), audit)]
    assert len(refs) == 2
    return audit, refs


def test_a_stale_finding_decision_names_who_decided(client, second, people, tmp_path):
    audit, (first, other) = _review(people, tmp_path)
    sign_in(client, world.LEAD)
    sign_in(second, world.OFFICER)
    lead_form = _form(client.get(f"/audits/{audit}").text, f"/findings/{first}/confirm")
    officer_page = second.get(f"/audits/{audit}").text
    confirmed = client.post(f"/findings/{first}/confirm",
                            data={**lead_form, "severity": "minor", "reason": "fence mended"})
    assert confirmed.status_code == 303
    stale = second.post(f"/findings/{first}/dismiss", headers=HTMX,
                        data={**_form(officer_page, f"/findings/{first}/dismiss"),
                              "reason": "not a finding"})
    assert stale.status_code == 409
    assert "<html" not in stale.text and 'role="alert"' in stale.text  # shown in place
    assert (f"{world.LEAD} confirmed {first} and changed its severity from major to minor"
            in stale.text), stale.text
    assert f"trail event #{_trail_seq(people, 'finding.confirm')}" in stale.text
    assert f'href="/audits/{audit}"' in stale.text
    # the other finding did not change: the same stale page decides it (no false alarm)
    other_form = _form(officer_page, f"/findings/{other}/dismiss")
    here = {**HTMX, "HX-Current-URL": f"http://127.0.0.1/audits/{audit}"}
    done = second.post(f"/findings/{other}/dismiss", headers=here,
                       data={**other_form, "reason": "not a finding"})
    assert done.status_code == 204 and done.headers["HX-Refresh"] == "true"  # reloaded in place


def test_a_stale_action_step_names_who_took_it(client, second, people, tmp_path):
    audit = world.plan(people)
    (action,) = world.to_remediation(people, audit, tmp_path)
    sign_in(client, world.OWNER)
    sign_in(second, world.MANAGER)
    owner_form = _form(client.get(f"/actions/{action}").text, f"/actions/{action}/start")
    manager_form = _form(second.get(f"/actions/{action}").text, f"/actions/{action}/start")
    assert client.post(f"/actions/{action}/start", data=owner_form).status_code == 303
    stale = second.post(f"/actions/{action}/start", data={**manager_form, "note": "on it"})
    assert stale.status_code == 409
    text = re.sub(r"\s+", " ", stale.text)
    assert f"{world.OWNER} moved {action} from open to in progress at " in text, text
    assert f"trail event #{_trail_seq(people, 'action.start')}" in text
    assert f'href="/actions/{action}"' in text
    assert 'id="action-status">in progress<' in second.get(f"/actions/{action}").text


def test_a_step_still_allowed_is_refused_when_the_action_changed(client, people, tmp_path):
    """The owner changed while the page was open: `start` is still a legal step, but the
    service refuses it (the page was read before the change) and the 409 says so."""
    audit = world.plan(people)
    (action,) = world.to_remediation(people, audit, tmp_path)
    sign_in(client, world.MANAGER)
    form = _form(client.get(f"/actions/{action}").text, f"/actions/{action}/start")
    reassign_action(people.uow(), people.clock, actor=as_cli(world.OFFICER), action=action,
                    owner=world.MANAGER)
    stale = client.post(f"/actions/{action}/start", data=form)
    assert stale.status_code == 409
    assert (f"{world.OFFICER} gave {action} to {world.MANAGER} (was {world.OWNER})"
            in stale.text), stale.text
    assert 'id="action-status">open<' in client.get(f"/actions/{action}").text


def test_a_refusal_without_a_change_keeps_its_own_message(client, people, tmp_path):
    """Nothing changed since the page was read: the step's own refusal, not a stale notice."""
    audit = world.plan(people)
    (action,) = world.to_remediation(people, audit, tmp_path)
    sign_in(client, world.OWNER)
    form = _form(client.get(f"/actions/{action}").text, f"/actions/{action}/start")
    assert client.post(f"/actions/{action}/start", data=form).status_code == 303
    again = client.post(f"/actions/{action}/start", data=form)  # the same, stale page: 409 named
    assert again.status_code == 409 and f"{world.OWNER} moved {action}" in again.text
    fresh = _form(client.get(f"/actions/{action}").text, f"/actions/{action}/implement")
    refused = client.post(f"/actions/{action}/verify", data=fresh)
    assert refused.status_code in (403, 409) and "Changed since" not in refused.text
    bad = client.post(f"/actions/{action}/implement", data={**fresh, "seen": "12x"})
    assert bad.status_code == 422 and "seen" in bad.text


def test_a_stale_answer_without_htmx_offers_a_reload(client, second, people):
    audit = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    _, criterion = world.must_and_should(people, audit)
    sign_in(client, world.LEAD)
    sign_in(second, world.LEAD)
    action = f"/audits/{audit}/answers/{criterion}"
    mine, theirs = (_hidden(c.get(f"/audits/{audit}/all").text, action)
                    for c in (client, second))
    assert client.post(action, data={**mine, "result": "compliant"}).status_code == 303
    stale = second.post(action, data={**theirs, "result": "partial", "note": "gap"})
    assert stale.status_code == 409 and f"{world.LEAD} changed {criterion}" in stale.text
    assert f'href="/audits/{audit}/categories/' in stale.text
    assert f'#c-{criterion}"' in stale.text



@pytest.mark.parametrize(("action", "subject", "details", "said"), [
    ("audit.return", "A-1", {"from": "review", "to": "fieldwork", "reason": "photos"},
     "x@y moved the audit from review to fieldwork (return: photos)"),
    ("action.reject", "CA-2", {"from": "implemented", "to": "in_progress", "note": "no photo"},
     "x@y moved CA-2 from implemented to in progress (reject: no photo)"),
    ("evidence.add", "E-4", {"name": "fence.jpg"}, "x@y added evidence E-4 (fence.jpg)"),
    ("answer.record", "A-1", {"criterion": "2.1", "result": "non_compliant"},
     "x@y answered 2.1 non compliant"),
    ("audit.plan", "A-1", {}, "x@y recorded audit.plan on A-1"),
])
def test_a_change_is_told_in_words(action, subject, details, said):
    from datetime import UTC, datetime

    from audit_engine.services.audits.edits_since import Change
    from audit_engine.web.stale import describe

    assert describe(Change(7, datetime.now(UTC), "x@y", action, subject, details)) == said
