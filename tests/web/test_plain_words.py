"""Plain words on every page: one phrase per permission (a new permission without one fails),
no permission key, role name or shell command in any template, refusal or page a person sees,
steps a role can never take not offered, and error pages in the site's layout."""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pytest

import audit_engine
from audit_engine.domain.errors import PermissionDenied
from audit_engine.domain.rules.lifecycle import Role
from audit_engine.domain.rules.permissions import (
    PERMISSIONS,
    READS,
    Grant,
    require,
    require_not_implementer,
    require_not_submitter,
    require_owner_or_manager,
)
from audit_engine.web import phrases
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in

PACKAGE = Path(audit_engine.__file__).resolve().parent
COMMAND = re.compile(r"`audit-engine|audit-engine (?:action|answer|archive|audit|checklists|config|"
                     r"db|demo|evidence|facility|finding|init|log|outbox|program|reminder|"
                     r"report|risk|scheduler|serve|subscription|token|user|workflow)\b")


# A program's name for a thing (`action_escalation_manager`, `us_importer`): never one person's
# word; addresses (`first_last@x.io`) aside.
IDENTIFIER = re.compile(r"(?<![\w.@-])[a-z]+(?:_[a-z0-9]+)+\b(?![\w.-]*@)")


def internal_words(text: str) -> list[str]:
    found = [w for w in phrases.INTERNAL_WORDS if re.search(rf"\b{re.escape(w)}\b", text)]
    return found + COMMAND.findall(text)


def shown_words(text: str) -> list[str]:
    """What a page must not show: internal words, commands and program names. (Refusal texts
    are checked for the first two only: their codes, such as an SSO refusal's, are worded on
    the page, and operators' setting names are not page text.)"""
    return internal_words(text) + IDENTIFIER.findall(text)


def test_every_permission_read_and_role_has_a_phrase():
    assert set(phrases.DOING) == set(PERMISSIONS), "a permission without a phrase (DOING)"
    assert set(phrases.READING) == set(READS), "a read without a phrase (READING)"
    assert set(phrases.ROLE_WORDS) == {str(r) for r in Role}
    assert set(phrases.ROLE_NAMES) == {str(r) for r in Role}


@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_a_refused_permission_is_said_in_everyday_words(permission):
    with pytest.raises(PermissionDenied) as refused:
        require("pat@example.com", [Grant("action_owner", "MX-01")], permission, "US-NJ-01")
    shown = phrases.refusal(refused.value)
    assert shown.startswith("Only ") and phrases.DOING[permission] in shown
    assert not internal_words(shown), shown
    assert not internal_words(phrases.plain(str(refused.value))), str(refused.value)


def test_duty_refusals_name_the_rule_in_words():
    refusals = []
    for check in (lambda: require_not_implementer("a@x", ["a@x"], "CA-1"),
                  lambda: require_not_submitter("a@x", "a@x", "A-1"),
                  lambda: require_owner_or_manager("a@x", "b@x", [], "US-NJ-01", "CA-1")):
        with pytest.raises(PermissionDenied) as refused:
            check()
        refusals.append(phrases.refusal(refused.value))
    assert refusals[0] == ("Only a compliance officer or an auditor can verify the fix; you"
                           " worked on this fix (implemented it or added its evidence), so"
                           " someone else verifies it.")
    assert "someone else approves it" in refusals[1]
    assert refusals[2] == "Only the action's owner or the facility's manager works on it."
    assert not any(internal_words(r) for r in refusals)


def _template_text(source: str) -> str:
    """What a template can put before a person: its text and its human-read attributes, with
    Jinja expressions and statements removed."""
    source = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", " ", source, flags=re.S)
    said = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', source)
    text = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]*>", " ", source, flags=re.S)
    return html.unescape(text + " " + " ".join(said))


def test_no_template_shows_an_internal_word_or_a_command():
    problems = []
    for template in sorted((PACKAGE / "web" / "templates").rglob("*.html")):
        found = shown_words(_template_text(template.read_text()))
        problems += [f"{template.name}: {word}" for word in found]
    assert not problems, problems


def _raised_messages() -> list[tuple[str, str]]:
    """The literal text of every error raised below the web (services, domain, workflow,
    storage, checklists): what a page may show once put through phrases.plain."""
    messages = []
    for folder in ("services", "domain", "workflow", "storage", "checklists"):
        for path in (PACKAGE / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                    text = " ".join(_literal(arg) for arg in node.exc.args)
                    messages.append((f"{path.name}:{node.lineno}", text))
    return messages


def _literal(node) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_literal(v) if isinstance(v, ast.Constant) else "X" for v in node.values)
    if isinstance(node, ast.BinOp):
        return _literal(node.left) + _literal(node.right)
    return ""


def test_every_refusal_a_page_can_show_is_in_plain_words():
    messages = _raised_messages()
    assert len(messages) > 100
    problems = [f"{where}: {phrases.plain(text)!r}" for where, text in messages
                if internal_words(phrases.plain(text))]
    assert not problems, "\n".join(problems)


def test_a_step_reason_is_a_sentence_in_words():
    assert phrases.why_not("audit.submit", None, "not answered: 3 criteria (`audit-engine audit"
                           " answers A-1 --unanswered` lists them)") == (
        "Not yet: not answered: 3 criteria.")
    assert phrases.why_not("audit.submit", "lead", None) == (
        "Only an auditor can submit the audit for review; only the lead auditor submits the"
        " audit.")


# ---- pages over HTTP, as each person --------------------------------------------------------


@pytest.fixture
def scene(people, tmp_path):
    from audit_engine.services.actions import actions

    audit = world.plan(people)
    [action] = world.to_remediation(people, audit, tmp_path)
    actions.act_on(people.uow(), people.clock, people.evidence_store(), actor=as_cli(world.OWNER),
                   action=action, event="start", note="on it")
    return {"audit": audit, "action": action}


def _visible(page: str) -> str:
    body = page.split("<body", 1)[-1]
    said = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', body)
    text = re.sub(r"<script.*?</script>|<[^>]*>", " ", body, flags=re.S)
    return html.unescape(text + " " + " ".join(said))


PAGES = ["/", "/audits", "/audits/{audit}", "/actions", "/actions/{action}", "/reports",
         "/risk", "/account", "/admin", "/admin/programs", "/admin/rules",
         "/admin/subscriptions", "/admin/outbox", f"/admin/users/{world.OWNER}", "/nowhere"]


def test_no_page_shows_an_internal_word_to_anyone(client, scene):
    problems = []
    for person in (world.ADMIN, world.OFFICER, world.LEAD, world.MANAGER, world.OWNER):
        client.cookies.clear()
        sign_in(client, person)
        for path in PAGES:
            page = client.get(path.format(**scene))
            assert page.status_code in (200, 403, 404), (person, path, page.status_code)
            problems += [f"{person} {path}: {w}" for w in shown_words(_visible(page.text))]
    assert not problems, "\n".join(problems)


def test_steps_a_role_can_never_take_are_not_offered(client, scene):
    sign_in(client, world.OWNER)
    action = client.get(f"/actions/{scene['action']}").text
    assert 'id="do-implement"' in action
    audit = client.get(f"/audits/{scene['audit']}").text
    assert 'id="do-close"' not in audit and 'id="do-cancel"' not in audit
    client.cookies.clear()
    sign_in(client, world.OFFICER)
    action = client.get(f"/actions/{scene['action']}").text
    assert 'id="do-implement"' not in action  # an officer never implements


def test_a_refused_request_says_who_may_in_words(client, scene):
    sign_in(client, world.OWNER)
    form = client.get(f"/actions/{scene['action']}").text
    page = client.post(f"/actions/{scene['action']}/verify", data={"csrf": csrf_of(form)})
    assert page.status_code == 403
    assert "<h1>Not allowed</h1>" in page.text and 'aria-label="Main"' in page.text
    assert "Only a compliance officer or an auditor can verify the fix at US-NJ-01." in page.text
    assert not internal_words(_visible(page.text))


def test_unknown_addresses_get_a_page_but_the_api_keeps_json(client, scene):
    sign_in(client, world.OWNER)
    page = client.get("/no/such/page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "<h1>Not found</h1>" in page.text and 'aria-label="Main"' in page.text
    api = client.get("/api/v1/no/such/thing")
    assert api.status_code in (401, 404) and "json" in api.headers["content-type"]
    gone = client.get(f"/audits/{scene['audit']}0")
    assert gone.status_code == 404 and "<h1>Not found</h1>" in gone.text


def test_a_crash_is_a_page_in_the_layout(web, people):
    from starlette.testclient import TestClient

    def broken():
        raise RuntimeError("a bug")

    web.add_api_route("/broken-for-the-test", broken)
    with TestClient(web, raise_server_exceptions=False) as client:
        page = client.get("/broken-for-the-test")
    assert page.status_code == 500 and "<h1>Something went wrong</h1>" in page.text
    assert "a bug" not in page.text
