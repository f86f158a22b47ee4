"""Every link in every mail, followed in Chromium as its recipient: a quarter sends every kind
of mail through a real SMTP server on loopback (aiosmtpd), and each link of the text and HTML
parts opens, in a browser signed in as that mail's recipient, a page they may act on."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

import pytest

from audit_engine.bootstrap import build_app
from audit_engine.services.actions import actions
from audit_engine.services.administration import account_links
from audit_engine.services.administration.people import add_user
from audit_engine.services.calendar import programs, subscriptions
from audit_engine.services.planning import planning
from audit_engine.services.reports import rendering
from audit_engine.services.review import findings, transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.scheduling.conftest import SmtpSink, free_port
from tests.scheduling.ticking import tick
from tests.web.browser import ARTIFACTS, chromium_marks
from tests.web.conftest import PASSWORD
from tests.web.servers import served
from tests.web.test_mail_links import at, move

pytestmark = chromium_marks()

NEWCOMER = "newcomer@example.com"  # invited: opens the link before having a password
EVERY_KIND = {"account_invitation", "password_reset", "audit_submitted", "action_assigned",
              "action_implemented", "action_rejected", "audit_due", "audit_overdue",
              "action_reminder", "weekly_digest", "fieldwork_invite", "fieldwork_starting",
              "final_report", "subscription"}

# What the recipient of each hand-off came to do, offered on the page the mail opens
ACTS = {"account_invitation": "Set password", "password_reset": "Set password",
        "audit_submitted": "Approve findings", "action_assigned": "Start",
        "action_implemented": "Verify", "action_rejected": "Implement",
        "audit_due": "Start fieldwork", "audit_overdue": "Start fieldwork",
        "fieldwork_starting": "Start fieldwork", "final_report": "Final report (PDF)"}


@pytest.fixture
def smtp():
    sink = SmtpSink(free_port()).start()
    yield sink
    sink.stop()


def steps(app, tmp_path):
    """A quarter of two facilities, step by step; after each step the outbox is sent (as
    `serve`'s scheduler does within a minute) and the new mail is read."""
    move(app, "2027-01-04T09:00")
    add_user(app.uow(), app.clock, actor=as_cli(world.ADMIN), email=NEWCOMER, name="Nia Newcomer",
             roles=["auditor"])
    account_links.send_invitation(app.uow(), app.clock, actor=as_cli(world.ADMIN), email=NEWCOMER,
                                  public_url=app.public_url(), mail_domain="example.com")
    account_links.request_reset(app.uow(), app.clock, email=world.OWNER,
                                public_url=app.public_url(), mail_domain="example.com")
    yield "2027-01-04T09:00"
    audit = world.plan(app, due=date(2027, 3, 31))
    must, _ = world.must_and_should(app, audit)
    world.to_review(app, audit, tmp_path, {must: "non_compliant"})
    yield "2027-01-04T09:01"
    [finding] = findings.list_findings(app.uow(), audit)
    findings.confirm_finding(app.uow(), app.clock, actor=as_cli(world.OFFICER), finding=finding.id)
    action = actions.add_action(
        app.uow(),
        app.clock,
        actor=as_cli(world.OFFICER),
        finding=finding.id,
        owner=world.OWNER,
        plan="Fix the fence",
    ).id
    transitions.approve_audit(app.uow(), app.clock, actor=as_cli(world.MANAGER), audit=audit)
    yield "2027-01-04T09:02"
    for event, note in (("start", None), ("implement", "fence repaired")):
        actions.act_on(app.uow(), app.clock, app.evidence_store(), actor=as_cli(world.OWNER),
                       action=action, event=event, note=note)
    yield "2027-01-04T09:03"
    actions.act_on(app.uow(), app.clock, app.evidence_store(), actor=as_cli(world.LEAD),
                   action=action, event="reject", note="no photo of the repaired fence")
    planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(world.OFFICER),
                        facility="MX-01", checklist=world.CHECKLIST, period=world.PERIOD,
                        lead=world.AUDITOR2, due=date(2027, 1, 9))
    subscriptions.add_subscription(app.uow(), app.clock, actor=as_cli(world.OFFICER),
                                   report="portfolio", schedule="weekly",
                                   recipients=[world.MANAGER], facility=world.FACILITY)
    programs.add_program(app.uow(), app.clock, app.catalogs(), actor=as_cli(world.OFFICER),
                         facility="MX-01", checklist=world.CHECKLIST, lead=world.AUDITOR2,
                         first_from=date(2027, 4, 1))
    yield from ("2027-01-04T09:05", "2027-01-11T07:00", "2027-02-15T07:00")
    yield from closed_audit(app, tmp_path)
    yield from ("2027-04-01T07:00", "2027-04-12T07:00")


def closed_audit(app, tmp_path):
    """A next-quarter audit without findings: submitted, then approved and closed with its
    final report."""
    move(app, "2027-02-15T07:10")
    audit = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(world.OFFICER),
                                facility=world.FACILITY, checklist=world.CHECKLIST,
                                period="2027-Q2", lead=world.AUDITOR2).id
    world.to_review(app, audit, tmp_path, lead=world.AUDITOR2)
    yield "2027-02-15T07:11"
    transitions.approve_audit(app.uow(), app.clock, actor=as_cli(world.MANAGER), audit=audit)
    hook = rendering.final_report_hook(app.uow, app.renderer(), app.clock,
                                       app.report_store(), as_cli(world.OFFICER))
    transitions.close_audit(app.uow(), app.clock, actor=as_cli(world.OFFICER), audit=audit,
                            on_closed=hook)
    yield "2027-02-15T07:30"


def links_of(message, base: str) -> set[str]:
    """The paths a mail links to; its text and HTML parts carry the same ones."""
    found = re.compile(re.escape(base) + r'(/[^\s"<>]*)')
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    in_text = set(found.findall(text))
    assert in_text, f"{kind_of(message)} has no link:\n{text}"
    assert in_text == {p.replace("&amp;", "&") for p in found.findall(html)}, kind_of(message)
    return in_text


def keep_for_reading(number: int, recipients, message) -> None:
    """Each mail as its recipients read it (text part), beside the screenshots."""
    folder = ARTIFACTS.parent / "mail-chromium"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{number:03d}-{kind_of(message)}.txt").write_text(
        f"To: {', '.join(recipients)}\nSubject: {message['Subject']}\n\n"
        + message.get_body(("plain",)).get_content())


def kind_of(message) -> str:
    return message["X-Audit-Engine-Key"].split(":")[0]


@dataclass(frozen=True)
class Landing:
    status: int
    path: str  # where the browser ended up
    heading: str
    controls: tuple[str, ...]  # the buttons and PDFs of the page's main part
    links: int  # the links of its main part
    refused: bool  # it says what went wrong instead


class Reader:
    """Chromium, signed in as each recipient once; a recipient's session is kept and put back
    when their next mail arrives. Account links are opened signed out, as they are meant."""

    def __init__(self, browser, base: str) -> None:
        self.browser, self.base = browser.use(base), base
        self.sessions: dict[str, list[dict]] = {}
        self.current: str | None = None

    def become(self, person: str | None) -> None:
        if person == self.current:
            return
        driver = self.browser.driver
        driver.delete_all_cookies()
        if person in self.sessions:
            for cookie in self.sessions[person]:
                driver.add_cookie(cookie)
        elif person is not None:
            self.browser.sign_in(person, PASSWORD)
            self.sessions[person] = driver.get_cookies()
        self.current = person

    def open(self, path: str) -> Landing:
        self.browser.open(path)
        driver = self.browser.driver
        status = driver.execute_script(
            "return performance.getEntriesByType('navigation')[0].responseStatus")
        controls = [e.text or e.get_attribute("value") for e in self.browser.all(
            "main button, main input[type=submit], main a.button, main a[href$='.pdf']")]
        heading = self.browser.all("main h1")
        return Landing(status, driver.current_url.removeprefix(self.base),
                       heading[0].text if heading else "", tuple(c.strip() for c in controls),
                       len(self.browser.all("main a[href]")),
                       bool(self.browser.all("main [role=alert]")))


def test_every_link_in_every_mail_opens_in_chromium_for_its_recipient(
        people, home, database_url, settings, smtp, tmp_path, chromium):
    with served(home, database_url, "--no-scheduler") as base:
        app = build_app(replace(settings, mail_transport="smtp", smtp_host="127.0.0.1",
                                smtp_port=smtp.port, smtp_security="none",
                                mail_from="audit@example.com", public_url=base))
        reader, read, followed = Reader(chromium, base), 0, []
        try:
            for moment in steps(app, tmp_path):
                assert not tick(app, at(moment)).errors
                for number, (recipients, message) in enumerate(smtp.messages[read:], read):
                    keep_for_reading(number, recipients, message)
                    for path in sorted(links_of(message, base)):
                        for person in recipients:
                            reader.become(None if path.startswith("/password/") else person)
                            followed.append((kind_of(message), person, path, reader.open(path)))
                read = len(smtp.messages)
        finally:
            app.dispose()
    kinds = {kind for kind, *_ in followed}
    assert kinds >= EVERY_KIND, EVERY_KIND - kinds
    for kind, person, path, landing in followed:
        assert (landing.status, landing.path) == (200, path), (kind, person, landing)
        assert landing.heading and not landing.refused, (kind, person, landing)
        # a button, form or PDF for them; the dashboard (the digest's last link) shows counts
        assert landing.controls or landing.heading == "Dashboard", (kind, person, landing)
        if kind in ACTS:
            assert ACTS[kind] in landing.controls, (kind, person, landing)
    people_ = {person for _, person, *_ in followed}
    print(f"{len(smtp.messages)} mails, {len(followed)} links followed by {len(people_)} "
          f"people, {len(reader.sessions)} sign-ins")
