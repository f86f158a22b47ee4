"""A page speaks its reader's language: the one they chose on their account, else their
facility's default; before sign-in, the browser's Accept-Language. An unknown code is refused
in words, and nothing is changed."""

from __future__ import annotations

from audit_engine.services.administration.languages import set_facility_language
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in


def choose(client, code: str):
    page = client.get("/account")
    return client.post("/account/language", data={"language": code, "csrf": csrf_of(page.text)})


def test_a_person_picks_spanish_on_their_account(client):
    sign_in(client, world.AUDITOR2)
    assert ">Sign out<" in client.get("/").text
    assert choose(client, "es").status_code == 303
    page = client.get("/account").text
    assert '<html lang="es">' in page and ">Cerrar sesión<" in page and ">Idioma<" in page
    assert choose(client, "en").status_code == 303
    assert ">Sign out<" in client.get("/").text


def test_an_unknown_language_is_refused_in_words(client):
    sign_in(client, world.AUDITOR2)
    refused = choose(client, "klingon")
    assert refused.status_code == 422
    assert "&#39;klingon&#39; is not a language here; choose one of: en, es" in refused.text
    assert '<html lang="en">' in client.get("/").text


def test_the_facility_default_speaks_for_people_with_none(client, people):
    set_facility_language(
        people.uow(),
        people.clock,
        actor=as_cli(world.ADMIN),
        code=world.FACILITY,
        language="es",
        check=people.languages.checked,
    )
    sign_in(client, world.MANAGER)
    assert '<html lang="es">' in client.get("/").text


def test_before_sign_in_the_browser_asks(client):
    page = client.get("/sign-in", headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    assert '<html lang="es">' in page.text
    assert '<html lang="en">' in client.get("/sign-in", headers={"Accept-Language": "de"}).text


def test_the_auditor_and_the_action_owner_work_in_spanish(client, people, tmp_path):
    """The auditor's fieldwork page and the action owner's fix page, in Spanish."""
    from audit_engine.services.actions import actions
    from audit_engine.services.administration.languages import set_user_language
    from audit_engine.services.review import findings, transitions

    for person in (world.LEAD, world.OWNER):
        set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=person,
                          language="es", check=people.languages.checked)
    fieldwork = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD),
                                audit=fieldwork)
    sign_in(client, world.LEAD)
    page = client.get(f"/audits/{fieldwork}/categories/1").text
    assert '<html lang="es">' in page and "respondidos" in page
    assert "Siguiente sin responder" in page

    must, _ = world.must_and_should(people, fieldwork)
    world.answer_all(people, fieldwork, tmp_path, {must: "non_compliant"}, world.LEAD)
    transitions.submit_audit(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=fieldwork)
    [finding] = findings.list_findings(people.uow(), fieldwork)
    findings.confirm_finding(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                             finding=finding.id)
    action = actions.add_action(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                                finding=finding.id, owner=world.OWNER, plan="Reparar la malla")
    client.cookies.clear()
    sign_in(client, world.OWNER)
    page = client.get(f"/actions/{action.id}").text
    assert "Corregir:" in page and "Qué corregir" in page and "responsable" in page, page


def test_the_checklist_speaks_its_readers_language(client, people):
    """The category page shows the pinned criteria in the reader's language, from the
    checklist's Spanish file; an English reader of the same audit reads the English."""
    from audit_engine.services.administration.languages import set_user_language
    from audit_engine.services.review import transitions

    set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=world.LEAD,
                      language="es", check=people.languages.checked)
    audit = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    sign_in(client, world.LEAD)
    page = client.get(f"/audits/{audit}/categories/1").text
    assert "Visión de la seguridad y responsabilidad" in page
    assert "Declaración de apoyo firmada por la alta dirección" in page
    assert "¿Existe una declaración de apoyo firmada por un alto funcionario" in page
    assert "Statement of support" not in page and "en inglés" not in page
    client.cookies.clear()
    sign_in(client, world.OFFICER)
    english = client.get(f"/audits/{audit}/categories/1").text
    assert "Statement of support signed by senior management" in english
    assert "Declaración de apoyo" not in english


def test_an_unknown_address_is_said_in_the_readers_language(client, people):
    """The error page's words are looked up after who reads is known, not before."""
    from audit_engine.services.administration.languages import set_user_language

    set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=world.OWNER,
                      language="es", check=people.languages.checked)
    sign_in(client, world.OWNER)
    page = client.get("/no/such/page")
    assert page.status_code == 404 and '<html lang="es">' in page.text
    assert "<h1>No encontrado</h1>" in page.text
    assert "There is no page" not in page.text and "No hay ninguna página" in page.text
