"""Languages set by an administrator: a person's on their page, at invitation (the invitation
mail is then in it, read back from a real SMTP server), and a facility's default when it is
added or changed. Each change is on the trail; an unknown code is one message at its form and
nothing is written. The administration pages themselves speak Spanish to a Spanish reader."""

from __future__ import annotations

from dataclasses import replace

import pytest

from audit_engine.bootstrap import build_app
from audit_engine.services.administration.people import list_facilities, list_users
from audit_engine.storage import administration as store
from tests.acting import as_cli
from tests.lifecycle import world
from tests.scheduling.conftest import SmtpSink, free_port
from tests.scheduling.ticking import tick
from tests.web.conftest import csrf_of, sign_in
from tests.web.test_admin_pages import _last_event, _refusal

UNKNOWN = "language 'klingon' is not a language here; choose one of: en, es"


def _language_of(app, email: str) -> str | None:
    with app.uow().reading() as uow:
        return store.account(uow.session, email).language


def _facility(app, code: str = world.FACILITY):
    return next(f for f in list_facilities(app.uow()) if f.code == code)


def test_an_admin_sets_a_persons_language(client, people):
    sign_in(client, world.ADMIN)
    url = f"/admin/users/{world.OWNER}"
    page = client.get(url).text
    assert "<option value=\"\">Their facility's default</option>" in page  # none chosen
    token = csrf_of(page)
    done = client.post(f"{url}/language", data={"csrf": token, "language": "es"})
    assert done.status_code == 303 and done.headers["location"] == url
    assert _language_of(people, world.OWNER) == "es"
    assert _last_event(people, "user.language") == (
        world.ADMIN, {"language": {"from": None, "to": "es"}, "via": "web"})
    assert '<option value="es" lang="es" selected>' in client.get(url).text
    refused = client.post(f"{url}/language", data={"csrf": token, "language": "klingon"})
    assert refused.status_code == 422 and _refusal(refused, "language") == UNKNOWN
    assert _language_of(people, world.OWNER) == "es"
    back = client.post(f"{url}/language", data={"csrf": token, "language": ""})
    assert back.status_code == 303 and _language_of(people, world.OWNER) is None


def test_a_facility_default_is_set_when_added_and_when_changed(client, people):
    sign_in(client, world.ADMIN)
    token = csrf_of(client.get("/admin").text)
    form = {"csrf": token, "code": "MX-NL-03", "name": "Apodaca", "entity_type": "us_importer",
            "country": "MX", "language": "klingon"}
    refused = client.post("/admin/facilities", data=form)
    assert refused.status_code == 422 and _refusal(refused, "facility") == UNKNOWN
    assert "MX-NL-03" not in [f.code for f in list_facilities(people.uow())]
    assert client.post("/admin/facilities", data={**form, "language": "es"}).status_code == 303
    assert _facility(people, "MX-NL-03").language == "es"
    assert _last_event(people, "facility.add")[1]["language"] == "es"

    url = f"/admin/facilities/{world.FACILITY}"
    edit = {"csrf": token, "name": "Newark West", "entity_type": _facility(people).entity_type,
            "language": "klingon"}
    refused = client.post(url, data=edit)
    assert refused.status_code == 422 and _refusal(refused, "facility-edit") == UNKNOWN
    assert _facility(people).language is None and _facility(people).name != "Newark West"
    assert client.post(url, data={**edit, "language": "es"}).status_code == 303
    assert (_facility(people).name, _facility(people).language) == ("Newark West", "es")
    assert _last_event(people, "facility.edit")[1]["language"] == {"from": None, "to": "es"}
    assert '<option value="es" lang="es" selected>' in client.get(url).text


@pytest.fixture
def smtp():
    sink = SmtpSink(free_port()).start()
    yield sink
    sink.stop()


NEWCOMER = "nina.nueva@example.com"


def test_an_invitation_goes_out_in_the_language_chosen_for_the_person(client, people, smtp,
                                                                      settings):
    sign_in(client, world.ADMIN)
    token = csrf_of(client.get("/admin").text)
    form = {"csrf": token, "email": NEWCOMER, "name": "Nina Nueva", "role": "auditor",
            "facilities": world.FACILITY, "language": "klingon"}
    refused = client.post("/admin/users", data=form)
    assert refused.status_code == 422 and _refusal(refused, "invite") == UNKNOWN
    assert 'value="klingon"' not in refused.text.split('id="inv-language"')[1][:40]
    assert NEWCOMER not in [u.email for u in list_users(people.uow())]
    assert client.post("/admin/users", data={**form, "language": "es"}).status_code == 303
    assert _language_of(people, NEWCOMER) == "es"
    assert _last_event(people, "user.add")[1]["language"] == "es"

    mailer = build_app(replace(settings, mail_transport="smtp", smtp_host="127.0.0.1",
                               smtp_port=smtp.port, smtp_security="none",
                               mail_from="audit@example.com", public_url="http://127.0.0.1"))
    try:
        assert not tick(mailer).errors
    finally:
        mailer.dispose()
    [message] = [m for to, m in smtp.messages if NEWCOMER in to]
    text = message.get_body(("plain",)).get_content()
    assert "le invitó a audit-engine" in text and "invited you" not in text, text
    assert '<html lang="es">' in message.get_body(("html",)).get_content()


def test_the_administration_pages_speak_spanish(client, people):
    from audit_engine.services.administration.languages import set_user_language

    set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=world.ADMIN,
                      language="es", check=people.languages.checked)
    sign_in(client, world.ADMIN)
    expected = {
        "/admin": ("Invitar a alguien", "Agregar una instalación", "Intacto:"),
        f"/admin/users/{world.OWNER}": ("Otorgar un rol", "Guardar idioma",
                                        "El predeterminado de su instalación"),
        f"/admin/facilities/{world.FACILITY}": ("Guardar la instalación",),
        "/admin/programs": ("Agregar programa",),
        "/admin/rules": ("Obligatorio",),
        "/admin/subscriptions": ("Agregar suscripción",),
        "/admin/outbox": ("Bandeja de salida",),
        "/admin/profiles": ("Revisar e importar",),
        "/admin/chat": ("Agregar el canal",),
        "/admin/sso": ("Inicio de sesión único",),
    }
    for url, phrases in expected.items():
        page = client.get(url)
        assert page.status_code == 200 and '<html lang="es">' in page.text, url
        missing = [p for p in phrases if p not in page.text]
        assert not missing, (url, missing)


def test_every_reminder_rule_has_its_words_for_the_page():
    from audit_engine.domain.rules.reminders import DEFAULT_RULES
    from audit_engine.web.admin_words import RULE_WORDS

    assert {key: rule.description for key, rule in DEFAULT_RULES.items()} == RULE_WORDS


def test_every_sso_refusal_has_its_words_for_the_page():
    from audit_engine.domain.rules.sso import PLAIN
    from audit_engine.web.sso_words import SSO_WORDS

    assert PLAIN == SSO_WORDS


def test_the_password_pages_speak_the_browsers_language(client):
    spanish = {"Accept-Language": "es-MX,es;q=0.9"}
    page = client.get("/password/forgot", headers=spanish).text
    assert "¿Olvidó su contraseña?" in page and "Envíenme un enlace" in page
    assert "Forgot your password?" in client.get("/password/forgot").text
