"""Every mail leads to its page: hand-offs, reminders, escalations and digests of a quarter,
each link followed as each recipient (signed in on the web), landing on a page they may act on.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from starlette.testclient import TestClient

from audit_engine.domain.clock import FixedClock
from audit_engine.services.actions import actions
from audit_engine.storage import outbox as store
from tests.acting import as_cli
from tests.lifecycle import world
from tests.scheduling.ticking import tick
from tests.web.conftest import CAST, sign_in

BASE = "http://127.0.0.1:8000"  # the public URL when none is set
LINK = re.compile(re.escape(BASE) + r'(/[^\s"<>]*)')


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def move(app, moment: str) -> None:
    app.clock = FixedClock(at(moment))


def quarter(app, tmp_path) -> None:
    """Hand-offs (submit, assign, implement, reject) and the reminders of three ticks."""
    move(app, "2027-01-04T09:00")
    audit = world.plan(app, due=date(2027, 3, 31))
    [action] = world.to_remediation(app, audit, tmp_path)
    for event, note in (("start", None), ("implement", "fence repaired")):
        actions.act_on(app.uow(), app.clock, app.evidence_store(), actor=as_cli(world.OWNER),
                       action=action, event=event, note=note)
    actions.act_on(app.uow(), app.clock, app.evidence_store(), actor=as_cli(world.LEAD),
                   action=action, event="reject", note="no photo of the repaired fence")
    from audit_engine.services.planning import planning

    planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(world.OFFICER),
                        facility="MX-01", checklist=world.CHECKLIST, period=world.PERIOD,
                        lead=world.AUDITOR2, due=date(2027, 1, 9))
    for moment in ("2027-01-04T09:05", "2027-01-11T07:00", "2027-02-15T07:00"):
        assert not tick(app, at(moment)).errors


def sent_mail(app) -> list:
    with app.uow().reading() as uow:
        rows = store.list_messages(uow.session, None, 500)
    return [r for r in rows if r.rule != "webhook" and r.status == "sent"]


def keep_for_reading(mails, database_url: str) -> None:
    """Each mail as its recipients read it, under var/test-artifacts/mail/ (or
    $AUDIT_ENGINE_TEST_ARTIFACTS/mail/), for a reviewer."""
    if not database_url.startswith("sqlite"):
        return
    folder = Path(os.environ.get("AUDIT_ENGINE_TEST_ARTIFACTS", "var/test-artifacts")) / "mail"
    folder.mkdir(parents=True, exist_ok=True)
    for mail in mails:
        (folder / f"{mail.id:03d}-{mail.rule}.txt").write_text(
            f"To: {', '.join(mail.recipients)}\nSubject: {mail.subject}\n\n{mail.body_text}")


def test_every_link_in_every_mail_opens_for_its_recipient(people, web, tmp_path, database_url):
    quarter(people, tmp_path)
    mails = sent_mail(people)
    keep_for_reading(mails, database_url)
    rules = Counter(m.rule for m in mails)
    for rule in ("audit_submitted", "action_assigned", "action_implemented", "action_rejected",
                 "audit_due", "audit_overdue", "action_reminder", "weekly_digest"):
        assert rules[rule] >= 1, rules
    followed = 0
    for mail in mails:
        text_links = set(LINK.findall(mail.body_text))
        assert text_links, f"{mail.rule} to {mail.recipients} has no link:\n{mail.body_text}"
        assert text_links == set(LINK.findall(mail.body_html)), mail.rule
        for person in mail.recipients:
            if person not in CAST:
                continue
            with TestClient(web, base_url="http://127.0.0.1") as client:
                sign_in(client, person)
                for path in sorted(text_links):
                    page = client.get(path, follow_redirects=False)
                    assert page.status_code == 200, (mail.rule, person, path, page.status_code)
                    followed += 1
    assert followed >= 15, followed
    handed = {m.rule: m for m in mails}
    assert "no photo of the repaired fence" in handed["action_rejected"].body_text
    assert handed["action_rejected"].recipients == [world.OWNER]
    assert handed["action_implemented"].recipients == [world.LEAD]
    assert world.LEAD not in handed["audit_submitted"].recipients  # the submitter
    assert world.MANAGER in handed["audit_submitted"].recipients  # manager by role


def test_the_inbox_holds_the_same_events_read_and_unread(people, web, tmp_path):
    quarter(people, tmp_path)
    web.state.services.clock = FixedClock(at("2027-02-15T08:00"))
    with TestClient(web, base_url="http://127.0.0.1", follow_redirects=False) as client:
        sign_in(client, world.OFFICER)
        page = client.get("/inbox").text
        assert "A-2 (MX-01 2027-Q1) is overdue" in page and "was submitted" in page
        unread = int(re.search(r'class="badge">(\d+)<', client.get("/").text).group(1))
        assert unread == page.count('class="unread"') >= 2
        item = re.search(r'href="/inbox/(\d+)"><strong>A-2 \(MX-01', page).group(1)
        opened = client.get(f"/inbox/{item}")
        assert (opened.status_code, opened.headers["location"]) == (303, "/audits/A-2")
        assert f'class="badge">{unread - 1}<' in client.get("/").text
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        assert client.post("/inbox/read", data={"csrf": token}).status_code == 303
        assert 'class="badge"' not in client.get("/").text.split("</header>")[0]


def test_preferences_send_a_kind_to_the_inbox_only(people, web, tmp_path):
    with TestClient(web, base_url="http://127.0.0.1", follow_redirects=False) as client:
        sign_in(client, world.OWNER)
        form = client.get("/account/notifications").text
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        assert 'name="kind-audit_overdue" value="none"' not in form  # mandatory
        refused = client.post("/account/notifications", data={
            "csrf": token, "kind-audit_overdue": "none"})
        assert refused.status_code == 400 and "mandatory by mail" in refused.text
        saved = client.post("/account/notifications", data={
            "csrf": token, "kind-weekly_digest": "none", "kind-action_rejected": "both",
            "kind-final_report": "inbox"})
        assert saved.status_code == 303
        assert 'value="inbox" checked' in client.get("/account/notifications").text
