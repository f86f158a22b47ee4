"""Teams and Slack channels: hand-offs and overdue audits reach a loopback receiver in each
service's JSON shape, through the outbox, retried after a 500; a test message at once."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from audit_engine.bootstrap import build_app
from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import InvalidInput
from audit_engine.services.mail import chat
from audit_engine.services.planning import planning
from tests.acting import as_cli
from tests.scheduling.conftest import at
from tests.scheduling.ticking import tick
from tests.scheduling.walk import LEAD, OFFICER, add_program, program_audit, set_clock


class Receiver:
    """Answers 500 to the first `fail_first` posts, then 200; keeps every body it accepted."""

    def __init__(self, fail_first: int = 1) -> None:
        self.accepted: list[tuple[str, dict]] = []
        self.refused = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                if receiver.refused < fail_first:
                    receiver.refused += 1
                    self.send_response(500)
                else:
                    receiver.accepted.append((self.path, body))
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_port}"


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.server.shutdown()


def test_overdue_audit_reaches_slack_and_teams_after_a_500(world, settings, receiver):
    app = build_app(replace(settings, webhook_allow_http=True, public_url="https://ae.example"))
    officer = Actor("co@example.com", "web")
    chat.add_channel(app.uow(), app.clock, actor=as_cli(officer), service="slack", allow_http=True,
                     url=f"{receiver.base}/slack/T0/B0/secret", facility="F2")
    chat.add_channel(app.uow(), app.clock, actor=as_cli(officer), service="teams", allow_http=True,
                     url=f"{receiver.base}/teams/secret", facility=None)
    audit = planning.plan_audit(
        app.uow(),
        app.clock,
        app.catalogs(),
        actor=as_cli("co@example.com"),
        facility="F2",
        checklist="ctpat-msc",
        period="2027-Q1",
        lead="lead@example.com",
        due=date(2027, 1, 20),
    ).id
    assert not tick(app, at("2027-01-21T07:00")).errors  # the first post is refused: 500
    assert receiver.refused == 1
    assert not tick(app, at("2027-01-21T07:10")).errors  # retried after the backoff
    bodies = dict(receiver.accepted)
    slack, teams = bodies["/slack/T0/B0/secret"], bodies["/teams/secret"]
    assert slack["text"].startswith(f"{audit} (F2 2027-Q1) is overdue")
    assert f"<https://ae.example/audits/{audit}|Open in audit-engine>" in \
        slack["blocks"][0]["text"]["text"]
    [card] = teams["attachments"]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert card["content"]["type"] == "AdaptiveCard"
    assert card["content"]["actions"][0]["url"] == f"https://ae.example/audits/{audit}"
    assert "secret" not in repr(chat.chat_page(app.uow(), actor=as_cli(officer)))  # shown masked
    app.dispose()


def test_the_test_button_posts_at_once_and_says_when_it_failed(world, settings, receiver):
    officer = Actor("co@example.com", "web")
    made = chat.add_channel(world.uow(), world.clock, actor=as_cli(officer), service="slack",
                            url=f"{receiver.base}/hook", facility=None, allow_http=True)
    sender = build_app(replace(settings, webhook_allow_http=True)).chat_sender()
    with pytest.raises(InvalidInput, match="did not arrive: .*HTTP 500"):
        chat.send_test(world.uow(), sender, actor=as_cli(officer), channel=made.id,
                       public_url="https://ae.example")
    chat.send_test(world.uow(), sender, actor=as_cli(officer), channel=made.id,
                   public_url="https://ae.example")
    assert receiver.accepted[0][1]["text"].startswith("audit-engine test message")


def test_a_program_channel_hears_of_its_program_audits_only(world, settings):
    receiver = Receiver(fail_first=0)
    app = build_app(replace(settings, webhook_allow_http=True, public_url="https://ae.example"))
    officer = Actor("co@example.com", "web")
    set_clock(app, at("2027-01-01T06:00"))
    program = add_program(app, "F1", first="2027-01-01").id
    with pytest.raises(InvalidInput, match="one facility or one program"):
        chat.add_channel(
            app.uow(),
            app.clock,
            actor=as_cli(officer),
            service="slack",
            allow_http=True,
            url=f"{receiver.base}/x",
            facility="F1",
            program=program,
        )
    made = chat.add_channel(app.uow(), app.clock, actor=as_cli(officer), service="slack",
                            allow_http=True, url=f"{receiver.base}/program", facility=None,
                            program=program)
    assert (made.facility, made.program) == (None, program)
    assert made.scope == chat.ProgramScope(program, "F1", "ctpat-msc", "quarter")
    chat.add_channel(app.uow(), app.clock, actor=as_cli(officer), service="teams", allow_http=True,
                     url=f"{receiver.base}/facility", facility="F1")
    assert not tick(app, at("2027-01-01T07:00")).errors  # the program opens its audit
    by_hand = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(OFFICER),
                                  facility="F1", checklist="ctpat-msc", period="2027-Q2",
                                  lead=LEAD, due=date(2027, 3, 25)).id
    opened = program_audit(app, program, "2027-Q1")
    assert not tick(app, at("2027-04-02T07:00")).errors  # both overdue
    heard = [(path, body["text"] if "text" in body else
              body["attachments"][0]["content"]["body"][0]["text"])
             for path, body in receiver.accepted]
    assert sorted(t.split()[0] for p, t in heard if p == "/program") == [opened], heard
    assert sorted(t.split()[0] for p, t in heard if p == "/facility") == \
        sorted([opened, by_hand]), heard
    receiver.server.shutdown()
    app.dispose()


def test_a_facilitys_channel_hears_in_the_facilitys_language(world, settings):
    from audit_engine.services.administration.languages import set_facility_language

    receiver = Receiver(fail_first=0)
    app = build_app(replace(settings, webhook_allow_http=True, public_url="https://ae.example"))
    officer = Actor("co@example.com", "web")
    set_facility_language(app.uow(), app.clock, actor=as_cli("admin@example.com"), code="F2",
                          language="es", check=app.languages.checked)
    chat.add_channel(app.uow(), app.clock, actor=as_cli(officer), service="slack",
                     allow_http=True,
                     url=f"{receiver.base}/slack", facility="F2")
    audit = planning.plan_audit(app.uow(), app.clock, app.catalogs(),
                                actor=as_cli("co@example.com"),
                                facility="F2", checklist="ctpat-msc", period="2027-Q1",
                                lead="lead@example.com", due=date(2027, 1, 20)).id
    assert not tick(app, at("2027-01-21T07:00")).errors
    [(_, slack)] = receiver.accepted
    assert slack["text"].startswith(f"{audit} (F2 2027-Q1) está vencida"), slack["text"]
    assert f"<https://ae.example/audits/{audit}|Abrir en audit-engine>" in \
        slack["blocks"][0]["text"]["text"]
    receiver.server.shutdown()
    app.dispose()
