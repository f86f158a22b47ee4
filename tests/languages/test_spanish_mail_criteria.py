"""Mails that name a finding's criterion name it in their reader's language: a Spanish reader
gets the criterion's Spanish title (the checklist's translation), and the English one, marked
"en inglés", where the checklist has no Spanish for it, as pages and reports show it. Every
kind that quotes a criterion (the hand-offs of a corrective action, the daily reminder when an
action is due soon and when it is overdue, the weekly digest) goes through a real SMTP server
on loopback (aiosmtpd) and is read back; an English reader's mail keeps the English titles."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from audit_engine.bootstrap import build_app
from audit_engine.services.actions import actions
from audit_engine.services.planning import planning
from audit_engine.services.review import findings, transitions
from tests.acting import as_cli
from tests.checklists.test_company_and_cache import company_folder
from tests.lifecycle import world
from tests.scheduling.conftest import SmtpSink, free_port
from tests.scheduling.ticking import tick
from tests.web.conftest import CAST
from tests.web.test_mail_links import at, move
from tests.web.test_mail_links_browser import kind_of
from tests.web.test_spanish_mail import parts, speak

pytestmark = pytest.mark.slow
TRANSLATED = "1.1"  # a must of the shipped checklist: its Spanish is shipped
UNTRANSLATED = "ACME-1"  # the company's own criterion: no Spanish anywhere
QUOTING = {"action_assigned", "action_implemented", "action_rejected", "action_reminder",
           "weekly_digest"}


@pytest.fixture
def mailing(people, settings, tmp_path):
    sink = SmtpSink(free_port()).start()
    app = build_app(replace(settings, mail_transport="smtp", smtp_host="127.0.0.1",
                            smtp_port=sink.port, smtp_security="none",
                            mail_from="audit@example.com", public_url="http://127.0.0.1:8000",
                            checklist_dirs=(company_folder(tmp_path),)))
    yield app, sink
    app.dispose()
    sink.stop()


def titles(app, criterion: str) -> tuple[str, str]:
    """(English, Spanish) title of a criterion of the company checklist (Spanish: the same
    English where it has none)."""
    acme = next(c for c in app.catalogs() if c.id == "acme-ctpat")
    spanish = acme.texts["es"].criteria.get(criterion)
    english = acme.criterion(criterion).title
    return english, spanish.title if spanish else english


def quarter(app, tmp_path):
    """Two findings (one on a translated criterion, one on the company's own), an action for
    each: assigned, implemented and rejected, then due soon, then overdue (a Monday: the
    digest lists them)."""
    move(app, "2027-01-04T09:00")
    audit = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(world.OFFICER),
                                facility=world.FACILITY, checklist="acme-ctpat",
                                period=world.PERIOD, lead=world.LEAD, team=[world.AUDITOR2],
                                due=date(2027, 3, 31)).id
    world.to_review(app, audit, tmp_path, {TRANSLATED: "non_compliant",
                                           UNTRANSLATED: "non_compliant"})
    made = []
    for finding in findings.list_findings(app.uow(), audit):
        findings.confirm_finding(app.uow(), app.clock, actor=as_cli(world.OFFICER),
                                 finding=finding.id)
        made.append(actions.add_action(app.uow(), app.clock, actor=as_cli(world.OFFICER),
                                       finding=finding.id, owner=world.OWNER,
                                       plan=f"Fix {finding.criterion}",
                                       due=date(2027, 2, 3)).id)
    transitions.approve_audit(app.uow(), app.clock, actor=as_cli(world.MANAGER), audit=audit)
    yield "2027-01-04T09:01"
    for action in made:
        for event, note in (("start", None), ("implement", "done")):
            actions.act_on(app.uow(), app.clock, app.evidence_store(), actor=as_cli(world.OWNER),
                           action=action, event=event, note=note)
    yield "2027-01-04T09:02"
    for action in made:
        actions.act_on(app.uow(), app.clock, app.evidence_store(), actor=as_cli(world.LEAD),
                       action=action, event="reject", note="no photo")
    yield from ("2027-01-04T09:03", "2027-01-20T07:00", "2027-02-15T07:00")


def mail_by_kind(smtp, person: str) -> dict[str, list[str]]:
    """Each kind of mail `person` got: the text and HTML parts of every one."""
    found: dict[str, list[str]] = {}
    for recipients, message in smtp.messages:
        if person in recipients:
            _, text, html = parts(message)
            found.setdefault(kind_of(message), []).extend((text, html))
    return found


def keep_for_reading(by_kind: dict[str, list[str]]) -> None:
    """Each kind's last HTML part, for a reviewer to open (AUDIT_ENGINE_TEST_ARTIFACTS)."""
    folder = Path(os.environ.get("AUDIT_ENGINE_TEST_ARTIFACTS", "var/test-artifacts")) / "mail-es"
    folder.mkdir(parents=True, exist_ok=True)
    for kind in QUOTING:
        (folder / f"{kind}.html").write_text(by_kind[kind][-1])


def test_mails_name_criteria_in_their_readers_language(mailing, tmp_path):
    app, smtp = mailing
    for email in CAST:
        speak(app, email, "es")
    speak(app, world.AUDITOR2, "en")  # an English reader of the same mail (on the team)
    for moment in quarter(app, tmp_path):
        assert not tick(app, at(moment)).errors
    translated_en, translated_es = titles(app, TRANSLATED)
    untranslated, same = titles(app, UNTRANSLATED)
    assert translated_es != translated_en and same == untranslated

    spanish = {**mail_by_kind(smtp, world.OWNER), **mail_by_kind(smtp, world.MANAGER),
               **{k: v for k, v in mail_by_kind(smtp, world.LEAD).items()
                  if k == "action_implemented"}}
    assert set(spanish) >= QUOTING, QUOTING - set(spanish)
    reminders = mail_by_kind(smtp, world.OWNER)["action_reminder"]
    assert len(reminders) == 4  # due soon, then overdue: text and HTML of each
    for kind in QUOTING:
        everything = "\n".join(spanish[kind])
        assert f"{TRANSLATED} {translated_es}" in everything, (kind, everything)
        assert translated_en not in everything, kind
        assert f"{UNTRANSLATED} {untranslated}, en inglés" in everything \
            or f"{UNTRANSLATED} {untranslated} (en inglés)" in everything, (kind, everything)
    keep_for_reading(spanish)
    for part in reminders:  # each day's reminder, not only one of them
        assert translated_es in part and translated_en not in part

    english = "\n".join(mail_by_kind(smtp, world.AUDITOR2)["action_implemented"])
    assert f"{TRANSLATED} {translated_en}" in english and "in English" not in english
    assert translated_es not in english
