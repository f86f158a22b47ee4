"""The everyday pages in Spanish for a Spanish-speaking reader (the test client over the real
app and database): planning, risk, checklists, lists, findings review, inbox and the smaller
pages; a few key phrases each, and no English heading left."""

from __future__ import annotations

import pytest

from audit_engine.services.actions import actions
from audit_engine.services.administration.languages import set_user_language
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in


@pytest.fixture
def spanish(people):
    for person in (world.OFFICER, world.LEAD, world.MANAGER, world.OWNER):
        set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=person,
                          language="es", check=people.languages.checked)
    return people


def test_the_officer_plans_and_assesses_risk_in_spanish(client, spanish):
    sign_in(client, world.OFFICER)
    plan = client.get("/plan").text
    assert "Planificar una auditoría" in plan and "(este trimestre)" in plan
    assert "importador de EE. UU." in plan and "Planificar la auditoría" in plan
    risk = client.get("/risk")
    assert "Evaluaciones de riesgos" in risk.text and "Abrir la evaluación" in risk.text
    opened = client.post("/risk/open", data={"csrf": csrf_of(risk.text),
                                             "facility": world.FACILITY})
    ref = opened.headers["location"].rsplit("/", 1)[-1]
    page = client.get(f"/risk/{ref}").text
    assert "Los cinco pasos" in page and "Mapear el flujo de carga" in page
    assert "califique al menos una amenaza" in page and "0 altos, 0 medios, 0 bajos" in page
    rated = client.post(f"/risk/{ref}/items", data={
        "csrf": csrf_of(page), "kind": "threat", "name": "Robo en el patio",
        "likelihood": "3", "impact": "3"})
    assert rated.status_code == 303
    page = client.get(f"/risk/{ref}").text
    assert "1 alto, 0 medios" in page and "aún ninguna para RI-1" in page
    assert "Probabilidad 3 (probable) x impacto 3 (muy grave) = puntaje 9." in page


def test_checklists_in_spanish(client, spanish):
    sign_in(client, world.OFFICER)
    page = client.get("/checklists").text
    assert "Listas de verificación" in page and "importador de EE. UU.: completo" in page
    shown = client.get("/checklists/ctpat-msc?entity=us_importer").text
    assert "criterios para importador de EE. UU." in shown and "Todas las listas" in shown


def test_lists_review_and_inbox_in_spanish(client, spanish, tmp_path):
    audit = world.plan(spanish)
    world.to_review(spanish, audit, tmp_path, {world.must_and_should(spanish, audit)[0]:
                                               "non_compliant"})
    sign_in(client, world.OFFICER)
    listed = client.get("/audits").text
    assert "Auditorías" in listed and "1 resultado" in listed and "revisión" in listed
    assert "Solo las vencidas" in listed and "Descargar estos:" in listed
    page = client.get(f"/audits/{audit}").text
    assert "Hallazgos y acciones correctivas" in page and "no cumple" in page
    assert "borrador" in page and "Motivo para descartar" in page
    assert "Aprobar los hallazgos" in page and "Devolver a trabajo de campo" in page
    assert "Hallazgos" in client.get("/findings").text
    assert "Todos los criterios" in client.get(f"/audits/{audit}/all").text
    assert "Acciones correctivas" in client.get("/actions").text
    assert "Marcar todo como leído" in client.get("/inbox").text or "Aún" in (
        client.get("/inbox").text)
    assert "Cómo se le avisa" in client.get("/account/notifications").text
    assert "Mis acciones correctivas (PDF)" in client.get("/reports").text
    board = client.get("/").text
    assert "Instalaciones por riesgo" in board and "1 obligatorio abierto" in board


def test_dashboard_readiness_and_a_fix_history_in_spanish(client, spanish, tmp_path):
    """The words a narrow screen shows before each cell, the guard's problems in the readiness
    list, and what each step of a fix did: in the reader's language, none of it English."""
    closing = world.plan(spanish)
    [action] = world.to_remediation(spanish, closing, tmp_path)
    for event, note in (("start", "Empezamos hoy"), ("implement", "Se reparó la malla")):
        actions.act_on(spanish.uow(), spanish.clock, spanish.evidence_store(),
                       actor=as_cli(world.OWNER), action=action, event=event, note=note)
    fieldwork = world.plan(spanish, period="2027-Q2")
    transitions.start_fieldwork(spanish.uow(), spanish.clock, actor=as_cli(world.LEAD),
                                audit=fieldwork)
    sign_in(client, world.LEAD)
    board = client.get("/").text
    assert 'data-label="Auditoría"' in board and 'data-label="Avance"' in board
    assert f'aria-label="{fieldwork}: criterios respondidos"' in board
    assert 'data-label="Audit"' not in board and ">fieldwork<" not in board
    readiness = client.get(f"/audits/{fieldwork}").text.split('id="readiness"', 1)[1]
    readiness = readiness.split("</div>", 1)[0]  # the list, not the step's "Not yet" line
    assert "sin responder (92)" in readiness.lower() and "not answered" not in readiness
    sign_in(client, world.OWNER)
    history = client.get(f"/actions/{action}").text
    assert "Trabajo iniciado" in history and "Corrección reportada: Se reparó la malla" in history
    assert "implementar" not in history.lower().split("historial", 1)[1]
