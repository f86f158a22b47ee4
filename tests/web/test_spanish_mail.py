"""Every kind of mail in Spanish, read back from a real SMTP server (aiosmtpd): a quarter of
two facilities sends each kind to people who read Spanish; and switching a person's language
changes their next mail."""

from __future__ import annotations

from dataclasses import replace

import pytest

from audit_engine.bootstrap import build_app
from audit_engine.notifications.invites import read_ics
from audit_engine.services.actions import actions
from audit_engine.services.administration.languages import set_user_language
from audit_engine.services.review import findings
from tests.acting import as_cli
from tests.lifecycle import world
from tests.scheduling.conftest import SmtpSink, free_port
from tests.scheduling.ticking import tick
from tests.web.conftest import CAST
from tests.web.test_mail_links import at, move
from tests.web.test_mail_links_browser import EVERY_KIND, NEWCOMER, kind_of, steps

pytestmark = pytest.mark.slow
ENGLISH = ("Sent automatically", "automatic message", "Open ", "Your ", " is due", "Hello ")


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'home' / 'audit-engine.sqlite3'}"


@pytest.fixture
def mailing(people, settings):
    sink = SmtpSink(free_port()).start()
    app = build_app(replace(settings, mail_transport="smtp", smtp_host="127.0.0.1",
                            smtp_port=sink.port, smtp_security="none",
                            mail_from="audit@example.com", public_url="http://127.0.0.1:8000"))
    yield app, sink
    app.dispose()
    sink.stop()


def speak(app, email: str, language: str) -> None:
    set_user_language(
        app.uow(),
        app.clock,
        actor=as_cli(world.ADMIN),
        email=email,
        language=language,
        check=app.languages.checked,
    )


def parts(message) -> tuple[str, str, str]:
    return (message["Subject"], message.get_body(("plain",)).get_content(),
            message.get_body(("html",)).get_content())


def test_every_kind_of_mail_reaches_spanish_readers_in_spanish(mailing, tmp_path):
    app, smtp = mailing
    for email in CAST:
        speak(app, email, "es")
    for moment in steps(app, tmp_path):
        assert not tick(app, at(moment)).errors
    kinds = {}
    for recipients, message in smtp.messages:
        if NEWCOMER not in recipients:  # invited before anyone set their language
            kinds.setdefault(kind_of(message), message)
    assert set(kinds) >= EVERY_KIND - {"account_invitation"}, EVERY_KIND - set(kinds)
    for kind, message in kinds.items():
        subject, text, html = parts(message)
        assert text.rstrip().endswith("audit-engine (mensaje automático)"), kind
        assert '<html lang="es">' in html and "Enviado automáticamente" in html, kind
        assert not [w for w in ENGLISH if w in subject + text], (kind, subject, text)
    invite = next(p for p in kinds["fieldwork_invite"].walk()
                  if p.get_content_type() == "text/calendar")
    ics = read_ics(invite.get_content())
    assert ics["summary"].startswith("Trabajo de campo de auditoría CTPAT: "), ics["summary"]


def test_switching_a_persons_language_changes_their_next_mail(mailing, tmp_path):
    app, smtp = mailing
    move(app, "2027-01-04T09:00")
    audit = world.plan(app)
    must, _ = world.must_and_should(app, audit)
    world.to_review(app, audit, tmp_path, {must: "non_compliant"})
    [finding] = findings.list_findings(app.uow(), audit)
    findings.confirm_finding(app.uow(), app.clock, actor=as_cli(world.OFFICER), finding=finding.id)

    def assign(plan: str) -> str:
        actions.add_action(app.uow(), app.clock, actor=as_cli(world.OFFICER), finding=finding.id,
                           owner=world.OWNER, plan=plan)
        tick(app, at("2027-01-04T09:05"))
        [(_, message)] = [(r, m) for r, m in smtp.messages
                          if kind_of(m) == "action_assigned" and plan in parts(m)[1]]
        return parts(message)[0]

    speak(app, world.OWNER, "es")
    assert assign("Reparar la malla").startswith("La acción correctiva")
    speak(app, world.OWNER, "en")
    assert assign("Fix the fence").startswith("Corrective action")
