"""Pages over HTTP: fieldwork in place, the guard's reason on a refused step, review and
actions, another facility's ids, and a stale save."""

from __future__ import annotations

import re

import pytest

from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in

HTMX = {"HX-Request": "true"}


@pytest.fixture
def audit(people):
    ref = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=ref)
    return ref


def _seen(html: str, criterion: str) -> str:
    block = html.split(f'id="c-{criterion}"', 1)[1]
    return re.search(r'name="seen" value="([^"]*)"', block).group(1)


def test_fieldwork_answer_saved_in_place_and_stale_save_is_409(client, audit, people):
    sign_in(client, world.LEAD)
    page = client.get(f"/audits/{audit}/all")
    assert page.status_code == 200
    must, should = world.must_and_should(people, audit)
    token = csrf_of(page.text)
    seen = _seen(page.text, should)
    saved = client.post(
        f"/audits/{audit}/answers/{should}",
        headers={**HTMX, "X-CSRF-Token": token},
        data={"result": "partial", "note": "gate log <b>incomplete</b>", "seen": seen},
    )
    assert saved.status_code == 200, saved.text
    assert saved.text.lstrip().startswith("<li") and "Saved." in saved.text
    assert "&lt;b&gt;incomplete&lt;/b&gt;" in saved.text
    stale = client.post(
        f"/audits/{audit}/answers/{should}",
        headers={**HTMX, "X-CSRF-Token": token},
        data={"result": "compliant", "note": "", "seen": seen},
    )
    assert stale.status_code == 409
    assert f"{world.LEAD} changed {should}" in stale.text and "Reload" in stale.text
    _trail_says_web(people, "answer.record")


def _trail_says_web(app, action: str) -> None:
    """The trail names the signed-in user and that the action came through the web."""
    import json

    from sqlmodel import select

    from audit_engine.storage.models.lifecycle import AuditEvent

    with app.uow().reading() as uow:
        event = uow.session.exec(select(AuditEvent).where(AuditEvent.action == action)
                                 .order_by(AuditEvent.seq.desc())).first()
    assert event.actor == world.LEAD
    assert json.loads(event.payload)["via"] == "web"


def test_a_refused_step_shows_the_guard_reason(client, audit):
    sign_in(client, world.LEAD)
    page = client.get(f"/audits/{audit}")
    assert 'id="do-submit" aria-disabled="true"' in page.text
    assert "Not yet: not answered:" in page.text


def test_rest_of_category_compliant_in_one_step(client, audit, people):
    sign_in(client, world.LEAD)
    index = client.get(f"/audits/{audit}")
    first = re.search(r'href="(/audits/[^"]+/categories/[^"#]+)"', index.text).group(1)
    page = client.get(first)
    category = re.search(r'id="rest-compliant-([^"]+)"', page.text).group(1)
    done = client.post(
        f"/audits/{audit}/categories/{category}/compliant", data={"csrf": csrf_of(page.text)}
    )
    assert done.status_code == 303 and done.headers["location"] == first
    after = client.get(first)
    assert f'id="rest-compliant-{category}"' not in after.text


def test_another_facilitys_audit_is_not_found(client, audit):
    sign_in(client, world.OTHER_MANAGER)
    assert client.get(f"/audits/{audit}").status_code == 404
    assert client.get(f"/audits/{audit}/report.html").status_code == 404
    page = client.get("/")
    post = client.post(
        f"/audits/{audit}/transitions/cancel",
        data={"csrf": csrf_of(page.text), "version": "1", "reason": "x"},
    )
    assert post.status_code == 404
    assert audit not in client.get("/audits").text


def test_dashboard_shows_my_fieldwork(client, audit):
    sign_in(client, world.LEAD)
    page = client.get("/")
    assert f'href="/audits/{audit}"' in page.text
    assert 'id="count-fieldwork">1<' in page.text


def test_carried_forward_evidence_is_labelled_with_its_validity(app, tmp_path):
    """The next quarter's fieldwork page marks the files carried from the last audit."""
    from datetime import date

    from audit_engine.services.pages.audit_page import audit_page
    from tests.scheduling.conftest import at, seed_world
    from tests.scheduling.ticking import tick
    from tests.scheduling.walk import (
        Proof,
        add_program,
        close,
        fieldwork,
        program_audit,
        set_clock,
    )

    seed_world(app)
    set_clock(app, at("2027-01-01T07:00"))
    program = add_program(app)
    tick(app, at("2027-01-01T07:00"), send=False)
    q1 = program_audit(app, program.id, "2027-Q1")
    set_clock(app, at("2027-01-20T09:00"))
    fieldwork(app, q1, tmp_path / "q1", [Proof("policy.pdf", date(2027, 12, 31))])
    set_clock(app, at("2027-03-01T09:00"))
    close(app, q1, with_final_report=False)
    tick(app, at("2027-04-01T07:00"), send=False)
    q2 = program_audit(app, program.id, "2027-Q2")
    page = audit_page(app.uow(), app.clock, actor=as_cli("lead@example.com"), audit=q2)
    files = [e for block in page.categories for c in block.criteria for e in c.evidence]
    assert files and all(e.carried and e.valid_until == date(2027, 12, 31) for e in files)
