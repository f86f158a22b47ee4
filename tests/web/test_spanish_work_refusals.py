"""A Spanish-speaking auditor meets the work's refusals in Spanish: a step not allowed yet (the
workflow guard's reason), a save refused as stale, a severity changed without a reason. The
services keep their English (the CLI and the API print it); the page says it in its reader's
language."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from audit_engine.services.administration.languages import set_user_language
from audit_engine.services.review import transitions
from audit_engine.services.review.findings import list_findings
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in


@pytest.fixture
def spanish(people):
    set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=world.LEAD,
                      language="es", check=people.languages.checked)
    return people


def _hidden(html: str, action: str) -> dict[str, str]:
    block = html.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', block))


def test_a_step_not_allowed_yet_says_why_in_spanish(client, spanish):
    audit = world.plan(spanish)
    transitions.start_fieldwork(spanish.uow(), spanish.clock, actor=as_cli(world.LEAD),
                                audit=audit)
    sign_in(client, world.LEAD)
    page = client.get(f"/audits/{audit}").text
    assert "Todavía no: sin responder: " in page
    assert "Not yet" not in page and "not answered" not in page
    assert "Sin responder (" in page  # the readiness list names the same problem


def test_a_stale_answer_is_refused_in_spanish(client, spanish, web):
    audit = world.plan(spanish)
    transitions.start_fieldwork(spanish.uow(), spanish.clock, actor=as_cli(world.LEAD),
                                audit=audit)
    _, criterion = world.must_and_should(spanish, audit)
    action = f"/audits/{audit}/answers/{criterion}"
    with TestClient(web, base_url="http://127.0.0.1", follow_redirects=False) as second:
        sign_in(client, world.LEAD)
        sign_in(second, world.LEAD)
        mine, theirs = (_hidden(c.get(f"/audits/{audit}/all").text, action)
                        for c in (client, second))
        assert client.post(action, data={**mine, "result": "compliant"}).status_code == 303
        stale = second.post(action, data={**theirs, "result": "partial", "note": "hueco"})
    assert stale.status_code == 409
    assert f"No se guardó: {world.LEAD} cambió {criterion} a las " in stale.text
    assert " a cumple. Recargue para verlo" in stale.text and "Not saved" not in stale.text


def test_a_severity_changed_without_a_reason_is_refused_in_spanish(client, spanish, tmp_path):
    audit = world.plan(spanish)
    failing = [a.criterion for a in world._answers(spanish, audit) if a.level == "must"][:1]
    world.to_review(spanish, audit, tmp_path, {c: "non_compliant" for c in failing})
    [finding] = [f.id for f in list_findings(spanish.uow(), audit)]
    sign_in(client, world.LEAD)
    page = client.get(f"/audits/{audit}").text
    form = _hidden(page, f"/findings/{finding}/confirm")
    refused = client.post(f"/findings/{finding}/confirm",
                          data={**form, "severity": "minor", "reason": ""})
    assert refused.status_code == 422, refused.text
    assert "cambiar la severidad requiere un motivo" in refused.text
    unknown = client.post(f"/findings/{finding}/confirm",
                          data={**form, "csrf": csrf_of(page), "severity": "grave"})
    assert unknown.status_code == 422
    assert "severidad &#39;grave&#39; no es uno de: major, minor, observation" in unknown.text


def test_the_cli_and_api_keep_the_english(spanish):
    """The same refusal as a service raises it: English, byte for byte."""
    from audit_engine.domain.errors import TransitionNotAllowed

    audit = world.plan(spanish)
    with pytest.raises(TransitionNotAllowed) as refused:
        transitions.submit_audit(spanish.uow(), spanish.clock, actor=as_cli(world.LEAD),
                                 audit=audit)
    assert str(refused.value).startswith(f"cannot submit {audit} from planned")
