"""Administration > Chat channels on the web: a channel for one audit program, and the "Send
test message" button reaching a loopback receiver."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from starlette.testclient import TestClient

from audit_engine.asgi import create_app
from audit_engine.services.administration.languages import set_user_language
from audit_engine.services.calendar import programs
from tests.acting import as_cli
from tests.lifecycle import world
from tests.scheduling.test_chat import Receiver
from tests.web.conftest import csrf_of, sign_in


def test_a_channel_for_one_program_and_its_test_message(people, settings):
    program = programs.add_program(people.uow(), people.clock, people.catalogs(),
                                   actor=as_cli(world.OFFICER), facility="MX-01",
                                   checklist=world.CHECKLIST, lead=world.LEAD,
                                   first_from=date(2027, 4, 1)).id
    receiver = Receiver(fail_first=0)
    web = create_app(replace(settings, webhook_allow_http=True))
    try:
        with TestClient(web, base_url="http://127.0.0.1", follow_redirects=False) as client:
            sign_in(client, world.OFFICER)
            form = client.get("/admin/chat").text
            assert f'<option value="program:{program}">{program} · MX-01, ctpat-msc, every ' \
                   'quarter</option>' in form
            added = client.post("/admin/chat", data={
                "csrf": csrf_of(form), "service": "teams", "url": f"{receiver.base}/hook",
                "facility": f"program:{program}", "description": "Monterrey program"})
            assert added.status_code == 303, added.text
            page = client.get("/admin/chat").text
            assert f"the audits of program {program} (MX-01, ctpat-msc, every quarter)" in page
            tested = client.post("/admin/chat/1/test", data={"csrf": csrf_of(page)})
            assert tested.headers["location"] == "/admin/chat?tested=1"
            assert "The test message for channel 1 arrived." in client.get(
                tested.headers["location"]).text
            set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN),
                              email=world.OFFICER, language="es",
                              check=people.languages.checked)
            spanish = client.get("/admin/chat").text  # whom each channel serves, in Spanish
            assert (f"las auditorías del programa {program} (MX-01, ctpat-msc, cada trimestre)"
                    in spanish and "every" not in spanish)
    finally:
        web.state.services.dispose()
        receiver.server.shutdown()
    [(path, body)] = receiver.accepted
    assert path == "/hook" and body["type"] == "message"  # Teams' shape
