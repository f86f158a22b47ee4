"""A service's refusal on a page, in Spanish for a Spanish-speaking reader (the test client over
the real app and database): the administration forms, the outbox and sign-in. The CLI and the
API keep the English (tests/web/test_admin_pages.py and the CLI tests read it)."""

from __future__ import annotations

import html
import re

import pytest

from audit_engine.services.administration.languages import set_user_language
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in


@pytest.fixture
def spanish_admin(people):
    set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=world.ADMIN,
                      language="es", check=people.languages.checked)
    return people


def _refusal(page, form: str) -> str:
    found = re.search(rf'id="{re.escape(form)}-error"[^>]*>([^<]*)</p>', page.text)
    assert found, f"no refusal at {form} in the page"
    return html.unescape(found.group(1))


def test_an_administrators_refusals_in_spanish(client, spanish_admin):
    sign_in(client, world.ADMIN)
    token = csrf_of(client.get("/admin").text)
    again = client.post("/admin/users", data={"csrf": token, "email": world.LEAD,
                                              "name": "Otra vez", "role": "auditor"})
    assert again.status_code == 409
    assert _refusal(again, "invite") == f"el usuario {world.LEAD} ya existe"
    twice = client.post(f"/admin/users/{world.LEAD}/grant",
                        data={"csrf": token, "role": "auditor", "facility": "*"})
    assert _refusal(twice, "grant") == (f"{world.LEAD} ya tiene el rol auditor "
                                        "(todas las instalaciones)")
    unknown = client.post(f"/admin/users/{world.LEAD}/grant",
                          data={"csrf": token, "role": "auditor", "facility": "NOPE"})
    assert unknown.status_code == 404
    assert _refusal(unknown, "grant") == "no se encontró la instalación 'NOPE'"
    taken = client.post("/admin/facilities", data={
        "csrf": token, "code": "MX-NL-02", "name": "Monterrey", "entity_type": "us_importer",
        "country": "MX", "new_manager_email": world.OWNER, "new_manager_name": "Nora"})
    assert taken.status_code == 409
    assert f"{world.OWNER} ya tiene una cuenta: elíjalo de la lista" in html.unescape(taken.text)
    missing = client.post("/admin/outbox/999/retry", data={"csrf": token})
    assert missing.status_code == 404
    assert _refusal(missing, "page") == "no se encontró el mensaje 999 de la bandeja de salida"


def test_a_wrong_password_refused_in_the_browsers_spanish(client, people):
    refused = client.post("/sign-in", data={"csrf": csrf_of(client.get("/sign-in").text),
                                            "email": world.LEAD, "password": "not it"},
                          headers={"Accept-Language": "es-MX,es;q=0.9"})
    assert refused.status_code == 401
    assert "el correo electrónico o la contraseña son incorrectos" in html.unescape(refused.text)
    assert "email or password is wrong" not in refused.text
