"""Ids in URLs are parsed by the domain's rule (domain/formats/inputs.py), never a bare int(): an id
beyond the database's integer range (PostgreSQL refuses 2**31 and up with an error) or a
malformed one is a 404 or 422 problem naming it, on every path of the document."""

from __future__ import annotations

import re

import pytest

from tests.acting import as_cli
from tests.api.conftest import if_match
from tests.lifecycle import world

HUGE = "99999999999999999999"
JUST_OVER = str(2**31)  # the first id a PostgreSQL INTEGER cannot hold
PROBLEM = "application/problem+json"


def _refused(response, *named: str) -> dict:
    assert response.status_code in (404, 422), (response.request.url, response.text)
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    for word in named:
        assert word in body["detail"], body
    return body


def test_every_path_with_an_id_refuses_huge_and_malformed_ids(app, cast, api):
    document = api.get("/openapi.json").json()
    admin = cast.as_(world.ADMIN, **if_match(1))
    checked = 0
    for path, operations in document["paths"].items():
        names = re.findall(r"{(\w+)}", path)
        for method in operations if names else ():
            for value in (HUGE, JUST_OVER, "x1", "A-" + HUGE):
                url = re.sub(r"{\w+}", value, path)
                response = api.request(method.upper(), url, headers=admin, json={})
                assert response.status_code < 500, (method, url, response.text)
                checked += 1
    assert checked > 80


def test_the_named_parameter_or_kind_is_in_the_problem(app, cast, api):
    admin = cast.as_(world.ADMIN)
    for value in (HUGE, JUST_OVER):
        _refused(api.get(f"/audits/A-{value}", headers=admin), "audit", value)
        _refused(api.get(f"/findings/{value}", headers=admin), "finding", value)
        _refused(api.get(f"/actions/CA-{value}", headers=admin), "action", value)
        _refused(api.get(f"/evidence/E-{value}", headers=admin), "evidence", value)
        _refused(api.delete(f"/tokens/{value}", headers=admin), "token", value)
        _refused(api.delete(f"/webhooks/{value}", headers=admin), "webhook", value)
        _refused(api.post(f"/webhooks/{value}/rotate", json={"overlap_hours": 1},
                          headers=admin), "webhook", value)
        _refused(api.get(f"/actions?audit={value}", headers=admin), "audit", value)
    body = _refused(api.delete("/tokens/3x", headers=admin), "token_id")
    assert body["status"] == 422 and body["errors"][0]["in"] == "path"
    import base64

    forged = base64.urlsafe_b64encode(f"a:{HUGE}".encode()).decode().rstrip("=")
    assert _refused(api.get(f"/audits?cursor={forged}", headers=admin), "cursor")["status"] == 422
    assert api.delete("/tokens/4242", headers=admin).status_code == 404  # a number: unknown


@pytest.fixture
def web_client(app, settings):
    from starlette.testclient import TestClient

    from audit_engine.asgi import create_app
    from audit_engine.services.administration.account_links import set_password
    from tests.web.conftest import PASSWORD, sign_in

    world.cast(app)
    set_password(
        app.uow(),
        app.clock,
        app.password_hasher,
        actor=as_cli("operator"),
        email=world.ADMIN,
        password=PASSWORD,
    )
    http = create_app(settings)
    with TestClient(http, base_url="http://127.0.0.1", follow_redirects=False) as client:
        sign_in(client, world.ADMIN)
        client.pages = http  # the application whose routes the sweep walks
        yield client
    http.state.services.dispose()


def test_the_web_pages_answer_404_for_ids_beyond_the_integer_range(web_client):
    from tests.web.conftest import csrf_of

    csrf = csrf_of(web_client.get("/account").text)
    for value in (HUGE, JUST_OVER):
        for page in (f"/audits/{value}", f"/actions/{value}", f"/evidence/{value}",
                     f"/audits/{value}/report.html", f"/audits/{value}/final.pdf"):
            assert web_client.get(page).status_code == 404, page
        for form in (f"/account/tokens/{value}/revoke", f"/findings/{value}/confirm",
                     f"/actions/{value}/start", f"/audits/{value}/transitions/start"):
            answer = web_client.post(form, data={"csrf": csrf, "version": "1"})
            assert answer.status_code == 404, (form, answer.text[:300])
    assert web_client.post("/account/tokens/x1/revoke", data={"csrf": csrf}).status_code == 404


def test_no_web_page_fails_on_an_id_beyond_the_integer_range(web_client):
    """Every page route with a path parameter, given 2**31 and a 20-digit number: never a
    server error (PostgreSQL's "integer out of range" or SQLite's OverflowError)."""
    from tests.web.conftest import csrf_of

    csrf = csrf_of(web_client.get("/account").text)
    checked = 0
    for route in _routes(web_client.pages):
        names = re.findall(r"{(\w+)}", getattr(route, "path", ""))
        if not names or route.path.startswith("/static"):
            continue
        for method in sorted(getattr(route, "methods", ()) or ()):
            for value in (HUGE, JUST_OVER):
                url = re.sub(r"{\w+(:\w+)?}", value, route.path)
                answer = web_client.request(method, url, data={"csrf": csrf, "version": "1"}
                                            if method == "POST" else None)
                assert answer.status_code < 500, (method, url, answer.text[:300])
                checked += 1
    assert checked > 30


def _routes(http):
    """The page routes, also inside included routers."""
    for route in http.routes:
        inner = getattr(route, "original_router", None)
        yield from inner.routes if inner is not None else (route,)


def test_a_malformed_readable_id_is_a_404_naming_it(app, cast, api):
    """docs/api.md: a readable id that is not of its kind's form (`A-x`, `F-`, `CA-1.5`) names
    nothing, so it is 404 naming the value, like an id that does not exist."""
    admin = cast.as_(world.ADMIN)
    for url, value in (("/audits/A-x", "A-x"), ("/findings/F-", "F-"),
                       ("/actions/CA-1.5", "CA-1.5"), ("/evidence/E-e", "E-e")):
        body = _refused(api.get(url, headers=admin), value)
        assert body["status"] == 404, (url, body)
