"""The officer's part of a facility-quarter in real Chromium, counted: plan the audit, review
five findings (four confirmed with an action for an owner picked from a list, one dismissed)
and verify the four fixes; the auditor's fieldwork, the manager's approval and the owners'
fixes happen through the services in between. The counts are printed; the aim is at most 60
taps and no shell command (the officer has none)."""

from __future__ import annotations

from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.browser import Browser, chromium_marks
from tests.web.conftest import PASSWORD
from tests.web.servers import served

MOST_TAPS = 60


pytestmark = chromium_marks()


def test_the_officers_quarter_takes_at_most_60_taps(people, home, database_url, tmp_path,
                                                    chromium):
    with served(home, database_url) as base:
        b = chromium.use(base)
        b.width(1280)
        b.taps = b.typed = 0
        b.sign_in(world.OFFICER, PASSWORD)
        audit = _plan(b)
        failing = _fieldwork(people, audit, tmp_path)
        _review(b, audit, failing)
        made = _fix(people, audit, tmp_path)
        _verify(b, made)
    print(f"officer's quarter: {b.taps} taps, {b.typed} typed fields, 0 shell commands")
    assert b.taps <= MOST_TAPS


def _plan(b: Browser) -> str:
    b.click("a[href='/audits']")
    b.click("#plan-link")
    b.choose("#plan-facility", world.FACILITY)
    b.choose("#plan-lead", world.LEAD)
    b.submit_form_of("#plan-submit")
    assert b.find("#audit-status").text == "planned"
    return b.driver.current_url.rsplit("/", 1)[-1]


def _fieldwork(app, audit: str, tmp_path) -> list[str]:
    """The lead's fieldwork (not the officer's part): five criteria fail, then submit."""
    from audit_engine.services.review import transitions

    transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(world.LEAD), audit=audit)
    answers = world._answers(app, audit)
    failing = [a.criterion for a in answers if a.level == "must"][:5]
    world.answer_all(app, audit, tmp_path, {c: "non_compliant" for c in failing})
    transitions.submit_audit(app.uow(), app.clock, actor=as_cli(world.LEAD), audit=audit)
    return failing


def _review(b: Browser, audit: str, failing: list[str]) -> None:
    b.click("a[href='/']")  # the dashboard, then the audit from the list
    b.click("a[href='/audits']")
    b.click(f"a[href='/audits/{audit}']")
    findings = [a.get_attribute("id")[len("finding-"):] for a in b.all("article[id^=finding-]")]
    assert len(findings) == len(failing) == 5
    *fixed, dismissed = findings
    for number, finding in enumerate(fixed):
        b.submit_form_of(f"#confirm-{finding}")
        b.choose(f"#owner-{finding}", world.OWNER if number % 2 else world.MANAGER)
        b.fill(f"#plan-{finding}", "Repair it and show a photo")
        b.submit_form_of(f"#add-action-{finding}")
    b.fill(f"#dis-{dismissed}", "Not applicable: no rail freight here")
    b.submit_form_of(f"#dismiss-{dismissed}")
    assert len(b.all("a[href^='/actions/CA-']")) >= 4


def _fix(app, audit: str, tmp_path) -> list[str]:
    """The manager approves and each owner fixes theirs (not the officer's part)."""
    from audit_engine.services.actions import actions
    from audit_engine.services.actions.action_listing import list_actions
    from audit_engine.services.review import transitions

    transitions.approve_audit(app.uow(), app.clock, actor=as_cli(world.MANAGER), audit=audit)
    proof = tmp_path / "fixed.pdf"
    proof.write_bytes(b"%PDF-1.4 fixed\n")
    made = list_actions(app.uow(), app.clock, audit=audit)
    for action in made:
        actions.act_on(app.uow(), app.clock, app.evidence_store(), actor=as_cli(action.owner),
                       action=action.id, event="start")
        actions.act_on(app.uow(), app.clock, app.evidence_store(), actor=as_cli(action.owner),
                       action=action.id, event="implement", note="Done", evidence=proof)
    return [a.id for a in made]


def _verify(b: Browser, made: list[str]) -> None:
    b.click("a[href='/']")
    for action in made:
        b.click(f"#to-verify a[href='/actions/{action}']")
        b.submit_form_of("#do-verify")
        assert b.find("#action-status").text == "verified"
        b.click("a[href='/']")
    assert not b.all("#to-verify")
