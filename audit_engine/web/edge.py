"""The web edge: the session cookie turned into an identity (and later an Actor), CSRF checks,
page rendering, and the one place where errors become HTTP statuses and messages."""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from audit_engine.domain.errors import AuditEngineError, web_status_of
from audit_engine.services.administration.web_sessions import WebIdentity, current_identity
from audit_engine.web.language import page_language, settle
from audit_engine.web.phrases import role_word, why_not

SESSION_COOKIE = "ae_session"
ANON_CSRF_COOKIE = "ae_csrf"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
COUNTS_ITS_OWN = frozenset({"/"})  # the dashboard counts what waits from the lists it shows


class NeedsSignIn(Exception):
    """No live session: pages redirect to the sign-in form."""


class CsrfRefused(Exception):
    """A state-changing request without the right CSRF token (or from another origin)."""


def services(request: Request):
    return request.app.state.services


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def identity_of(request: Request) -> WebIdentity | None:
    """The session's identity, looked up once per request; for a browser's page navigation,
    with the navigation's counts read in the same transaction."""
    if not hasattr(request.state, "identity"):
        app = services(request)
        token = request.cookies.get(SESSION_COOKIE)
        request.state.identity = current_identity(
            app.uow(), app.clock, app.session_policy(), token,
            also=_waiting_of() if _navigates(request) else None)
        settle(request.state.identity, app.languages.reader_wording)
    return request.state.identity


def _navigates(request: Request) -> bool:
    """A browser asking for a whole page (not a picture, a file or an htmx fragment): what
    `Sec-Fetch-Dest` says, else an HTML `Accept`. A guess that only saves a read: a page
    rendered without the counts reads them then."""
    if request.method != "GET" or is_htmx(request) or request.url.path in COUNTS_ITS_OWN:
        return False
    destination = request.headers.get("sec-fetch-dest")
    if destination is not None:
        return destination == "document"
    return "text/html" in request.headers.get("accept", "")


def _waiting_of():
    from audit_engine.services.pages.waiting import waiting_of

    return waiting_of


async def signed_in(request: Request) -> WebIdentity:
    """Dependency of every page behind sign-in: a fully signed-in identity, CSRF checked on
    state-changing requests."""
    identity = await _identity_async(request)
    if identity is None or not identity.signed_in:
        raise NeedsSignIn()
    if request.method in UNSAFE:
        await check_csrf(request, identity.csrf_token)
    return identity


def session_at(*stages: str):
    """Dependency: a session at one of `stages` (the second-factor and enrolment pages)."""

    async def dependency(request: Request) -> WebIdentity:
        identity = await _identity_async(request)
        if identity is None or identity.stage not in stages:
            raise NeedsSignIn()
        if request.method in UNSAFE:
            await check_csrf(request, identity.csrf_token)
        return identity

    return dependency


async def _identity_async(request: Request) -> WebIdentity | None:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(identity_of, request)


async def check_csrf(request: Request, expected: str) -> None:
    origin = request.headers.get("origin")
    if origin and origin != _own_origin(request):
        raise CsrfRefused()
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        form = await request.form()
        given = form.get(CSRF_FIELD)
    if not isinstance(given, str) or not hmac.compare_digest(given, expected):
        raise CsrfRefused()


def _own_origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def anonymous_csrf(request: Request) -> str:
    """The double-submit token of a visitor with no session (sign-in and reset forms)."""
    return request.cookies.get(ANON_CSRF_COOKIE) or secrets.token_urlsafe(32)


async def check_anonymous_csrf(request: Request) -> None:
    expected = request.cookies.get(ANON_CSRF_COOKIE)
    if not expected:
        raise CsrfRefused()
    await check_csrf(request, expected)


def set_cookie(request: Request, response: Response, name: str, value: str,
               max_age: int | None = None) -> None:
    response.set_cookie(name, value, httponly=True, samesite="lax", secure=is_https(request),
                        path="/", max_age=max_age)


def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    """The page; `waiting` (the navigation's counts) is read here unless the page has it."""
    identity = getattr(request.state, "identity", None)
    values = {"me": identity, "csrf": identity.csrf_token if identity else "",
              "path": request.url.path, "htmx": is_htmx(request), "why_not": why_not,
              "role_word": role_word, **context}
    if "waiting" not in context:
        values["waiting"] = _waiting(request, identity, status)
    html = services(request).pages.render(template, values, page_language(request))
    return HTMLResponse(html, status_code=status)


def _waiting(request: Request, identity, status: int):
    """What waits on the person, counted for the navigation of a whole page (not for htmx
    fragments or error pages)."""
    if identity is None or not identity.signed_in or is_htmx(request) or status >= 500:
        return None
    if identity.also is not None:  # read with the identity (`_navigates`)
        return identity.also
    from audit_engine.services.pages.waiting import waiting_for

    return waiting_for(services(request).uow(), actor=identity.actor)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def redirect(url: str, request: Request | None = None) -> Response:
    """See other: after a form post, or HX-Redirect for htmx requests."""
    if request is not None and is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def status_of(error: AuditEngineError | type[AuditEngineError]) -> int:
    """The page's status for `error`: its row of the one error map (domain/errors.py)."""
    return web_status_of(error)


def install_body_cap(http, app) -> None:
    """Every route of `http` has a body cap (the API, mounted, keeps its own)."""
    from audit_engine import body_cap
    from audit_engine.languages import current

    def limits() -> body_cap.Limits:
        settings = app.settings
        return body_cap.Limits(settings.web_max_body_bytes, settings.upload_max_bytes,
                               settings.evidence_max_bytes)

    async def refuse(scope, send, status: int, detail: str) -> None:
        values = {"me": None, "csrf": "", "path": scope.get("path", "/"), "htmx": False,
                  "message": f"Not sent: {detail}."}
        body = app.pages.render("error.html", values, current.now().code).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    body_cap.install(http, limits, refuse)


def _safe_next(target: str) -> str:
    """Only a local path: never another site (open redirect)."""
    from urllib.parse import quote

    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return quote(target, safe="/")


def safe_next(target: str | None) -> str:
    return _safe_next(target or "/")
