"""Every main page in real Chromium at 1280 and 375 px: axe-core finds no serious or critical
violation, nothing scrolls sideways on a phone, XSS payloads typed into free-text fields stay
text in the DOM, and a screenshot of each page is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.browser import Browser, chromium_marks
from tests.web.conftest import PASSWORD
from tests.web.servers import served

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = chromium_marks(AXE)


@pytest.fixture
def scene(people, tmp_path, database_url):
    """An audit in remediation (findings, an action) and one in fieldwork, on a live server."""
    app = people
    closed_one = world.plan(app)
    actions = world.to_remediation(app, closed_one, tmp_path)
    from audit_engine.services.planning.planning import plan_audit

    other = plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(world.OFFICER),
                       facility="MX-01", checklist=world.CHECKLIST, period=world.PERIOD,
                       lead=world.LEAD)
    fieldwork = other.id
    _plant_payloads(app, actions[0])
    _fill_administration(app)
    msc = next(c for c in app.catalogs() if c.id == world.CHECKLIST)
    return {"remediation": closed_one, "action": actions[0], "fieldwork": fieldwork,
            "risk": _risk_assessment(app), "checklist": f"{msc.id}@{msc.version}"}


def _risk_assessment(app) -> str:
    """A risk assessment with a rated threat (the payload in its name) and an action plan."""
    from audit_engine.services.risk import assessments

    msc = next(c for c in app.catalogs() if c.id == "ctpat-msc")
    ra = assessments.open_assessment(app.uow(), app.clock, actor=as_cli(world.OFFICER),
                                     facility=world.FACILITY).id
    view = assessments.add_item(
        app.uow(),
        app.clock,
        msc,
        actor=as_cli(world.OFFICER),
        assessment=ra,
        kind="threat",
        name=f"Theft {XSS}"[:200],
        rating="high",
    )
    assessments.add_plan_action(app.uow(), app.clock, actor=as_cli(world.OFFICER), assessment=ra,
                                owner=world.OWNER, due=app.clock.now().date(),
                                plan=f"Guard {XSS}", item=view.items[0].id)
    return ra


def _fill_administration(app) -> None:
    """A programme with an open fieldwork window, a subscription and a failed message, so the
    administration pages show their tables and every per-row form."""
    from audit_engine.services.calendar import programs, subscriptions
    from audit_engine.services.mail.outbox import enqueue, outbox_row
    from audit_engine.storage import outbox as store

    today = app.clock.now().date()
    programs.add_program(app.uow(), app.clock, app.catalogs(), actor=as_cli(world.OFFICER),
                         facility=world.FACILITY, checklist=world.CHECKLIST,
                         start_month=today.month, lead=world.LEAD,
                         first_from=today.replace(day=1))
    programs.open_due_audits(app.uow, app.clock, app.catalogs(), "example.com")
    subscriptions.add_subscription(
        app.uow(),
        app.clock,
        actor=as_cli(world.OFFICER),
        report="facility",
        schedule="weekly",
        recipients=[world.MANAGER],
        facility=world.FACILITY,
    )
    with app.uow() as uow:
        enqueue(uow.session, [outbox_row(rule="audit_due", key="x", recipients=[world.LEAD],
                                         template="audit_due", context={}, now=app.clock.now(),
                                         mail_domain="example.com")])
        [row] = store.claim(uow.session, app.clock.now(), 1)
        store.mark_failed(uow.session, row.id, "gave up after 6 attempts: connection refused")
        uow.commit()


XSS = ('<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'
       '"><svg onload="window.__xss=3"></svg><iframe src="javascript:window.__xss=4"></iframe>')
INJECTED = ("return [window.__xss || null, "
            "document.querySelectorAll('img[src=\"x\"], svg[onload], iframe').length]")


def _plant_payloads(app, action: str) -> None:
    """The payload in a user's name, a facility's name, an action's note and plan."""
    from audit_engine.services.actions import actions
    from audit_engine.services.administration import people

    people.add_user(app.uow(), app.clock, actor=as_cli(world.ADMIN), email="x@example.com",
                    name=f"Mallory {XSS}"[:200], roles=["auditor"], facilities=[world.FACILITY])
    people.add_facility(app.uow(), app.clock, actor=as_cli(world.ADMIN), code="XSS-01",
                        name=f"Depot {XSS}"[:200], entity_type="us_importer")
    actions.act_on(app.uow(), app.clock, app.evidence_store(), actor=as_cli(world.OWNER),
                   action=action, event="start", note=f"Started {XSS}")


def _pages(scene) -> list[tuple[str, str, str]]:
    """(who, path, name) for every main page."""
    return [
        ("", "/sign-in", "sign-in"),
        ("", "/password/forgot", "password-forgot"),
        (world.OFFICER, "/", "dashboard-officer"),
        (world.OFFICER, "/audits", "audits"),
        (world.OFFICER, f"/audits/{scene['remediation']}", "audit-remediation"),
        (world.OFFICER, "/reports", "reports"),
        (world.OFFICER, "/risk", "risk"),
        (world.OFFICER, "/plan", "plan"),
        (world.OFFICER, "/calendar", "calendar"),
        (world.OFFICER, "/calendar/feed", "calendar-feed"),
        (world.OFFICER, f"/risk/{scene['risk']}", "risk-assessment"),
        (world.ADMIN, "/admin", "admin"),
        (world.ADMIN, f"/admin/users/{world.OWNER}", "admin-user"),
        (world.ADMIN, "/admin/programs", "admin-programs"),
        (world.ADMIN, f"/admin/facilities/{world.FACILITY}", "admin-facility"),
        (world.ADMIN, "/admin/profiles", "admin-profiles"),
        (world.OFFICER, "/checklists", "checklists"),
        (world.OFFICER, f"/checklists/{scene['checklist']}?entity=us_importer", "checklist"),
        (world.OFFICER, f"/checklists/diff?old={scene['checklist']}&new={scene['checklist']}",
         "checklist-diff"),
        (world.OFFICER, "/findings", "findings"),
        (world.OFFICER, "/evidence", "evidence"),
        (world.ADMIN, "/admin/rules", "admin-rules"),
        (world.ADMIN, "/admin/subscriptions", "admin-subscriptions"),
        (world.ADMIN, "/admin/outbox", "admin-outbox"),
        (world.OWNER, "/actions", "actions"),
        (world.OWNER, f"/actions/{scene['action']}", "action"),
        (world.OWNER, "/account", "account"),
        (world.LEAD, f"/audits/{scene['fieldwork']}", "audit-fieldwork"),
        (world.LEAD, "/", "dashboard-lead"),
    ]


def _axe(browser: Browser) -> list[str]:
    browser.driver.execute_script(AXE.read_text())
    result = browser.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations));")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result if v["impact"] in ("serious", "critical")]


def test_main_pages_are_accessible_at_both_widths(scene, people, home, database_url, request,
                                                 chromium):
    from audit_engine.services.review import transitions

    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD),
                               audit=scene["fieldwork"])
    with served(home, database_url) as base:
        browser = chromium.use(base)
        try:
            problems = _visit_all(browser, scene)
        except Exception:
            browser.keep_failure(request.node.name)
            raise
    assert not problems, "\n".join(problems)


def _visit_all(browser: Browser, scene) -> list[str]:
    problems, who_now = [], None
    for who, path, name in _pages(scene):
        if who != who_now:
            if who:
                browser.sign_in(who, PASSWORD)
            else:
                browser.driver.delete_all_cookies()
            who_now = who
        for width in (1280, 375):
            browser.width(width)
            browser.open(path)
            browser.find("main")
            flag, injected = browser.driver.execute_script(INJECTED)
            if flag or injected:
                problems.append(f"{path}: markup from free text ran or was parsed ({flag}, "
                                f"{injected} injected elements)")
            problems += [f"{path} at {width}px: {p}" for p in _axe(browser)]
            wide = browser.driver.execute_script(
                "return document.documentElement.scrollWidth")
            if wide > width:
                problems.append(f"{path} at {width}px scrolls sideways ({wide}px wide)")
            browser.shot(f"{name}-{width}")
            if name in ("admin", "action") and "<img src=x" not in browser.text():
                problems.append(f"{path}: the planted payload is not shown as text")
    return problems + _upload_results(browser, scene) + _second_factor_pages(browser)


def _second_factor_pages(browser: Browser) -> list[str]:
    """The recovery codes shown once when the second factor goes on, and the sign-in code
    step with its recovery-code form open."""
    from datetime import UTC, datetime

    from audit_engine.domain.integrity.totp import code_at

    browser.sign_in(world.AUDITOR2, PASSWORD)
    browser.open("/account")
    browser.fill("#code", code_at(browser.find("#totp-secret").text, datetime.now(UTC)))
    browser.submit_form_of("form[action='/account/second-factor'] button")
    problems = []
    for name, ready in (("recovery-codes", "#recovery-codes"), ("code-step", "#recovery-code")):
        if name == "code-step":
            browser.sign_in(world.AUDITOR2, PASSWORD)
            browser.click("details.recovery summary")
        for width in (1280, 375):
            browser.width(width)
            browser.find(ready)
            problems += [f"{name} at {width}px: {p}" for p in _axe(browser)]
            wide = browser.driver.execute_script("return document.documentElement.scrollWidth")
            if wide > width:
                problems.append(f"{name} at {width}px scrolls sideways ({wide}px wide)")
            browser.shot(f"{name}-{width}")
    return problems


def _upload_results(browser: Browser, scene) -> list[str]:
    """The pages an upload answers with: a workbook that is no workbook, a profile whose rows
    are refused (each shown in a table)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="axe-uploads-"))
    (folder / "answers.xlsx").write_bytes(b"not a workbook")
    (folder / "rail.csv").write_text("id,level\n=HYPERLINK(\"x\"),must\n99.9,maybe\n")
    uploads = [(world.LEAD, f"/audits/{scene['fieldwork']}", "#workbook-file",
                folder / "answers.xlsx", "#workbook-upload", "workbook-result"),
               (world.ADMIN, "/admin/profiles", "#profile-sheet", folder / "rail.csv",
                "#profile-import", "profile-problems")]
    problems = []
    for who, path, field, file, button, name in uploads:
        browser.sign_in(who, PASSWORD)
        for width in (1280, 375):
            browser.width(width)
            browser.open(path)
            if name == "profile-problems":
                browser.fill("#profile-id", "rail-carrier")
            browser.find(field).send_keys(str(file))
            browser.submit_form_of(button)
            problems += [f"{name} at {width}px: {p}" for p in _axe(browser)]
            wide = browser.driver.execute_script("return document.documentElement.scrollWidth")
            if wide > width:
                problems.append(f"{name} at {width}px scrolls sideways ({wide}px wide)")
            browser.shot(f"{name}-{width}")
    return problems


def test_a_long_step_disables_its_button_and_says_so(scene, people, home, database_url,
                                                     chromium):
    """The busy state of a long step (here the workbook upload), without sending it: the
    submit event alone disables the button and shows the status line."""
    from audit_engine.services.review import transitions

    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD),
                               audit=scene["fieldwork"])
    with served(home, database_url) as base:
        browser = chromium.use(base)
        browser.sign_in(world.LEAD, PASSWORD)
        browser.open(f"/audits/{scene['fieldwork']}")
        state = browser.driver.execute_script(
            "const form = document.querySelector('form[data-busy]');"
            "form.dispatchEvent(new Event('submit', {cancelable: true}));"
            "return [form.querySelector('button[type=submit]').disabled,"
            "        form.querySelector('.busy[role=status]').textContent];")
    assert state == [True, "Checking the workbook…"]
