"""Error pages in the site's layout for what no page handler answers: an unknown address, a
malformed form, a crash. Paths under /api/ keep the API's problem details (JSON)."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from audit_engine.domain.errors import AuditEngineError
from audit_engine.languages.current import N_
from audit_engine.languages.current import gettext as _
from audit_engine.web.edge import (
    CsrfRefused,
    NeedsSignIn,
    identity_of,
    is_htmx,
    render,
    safe_next,
    status_of,
)
from audit_engine.web.phrases import refusal

HEADINGS = {401: N_("Please sign in"), 403: N_("Not allowed"), 404: N_("Not found"),
            405: N_("Not found"), 409: N_("Changed meanwhile"), 500: N_("Something went wrong")}
HTTP_WORDS = {
    404: N_("There is no page at this address. It may have moved, or the link is mistyped."),
    405: N_("There is no page at this address. It may have moved, or the link is mistyped."),
    500: N_("Something went wrong on our side and nothing was changed by this request. Try "
            "again; if it happens again, tell your administrator the time it happened."),
}


def install_http_error_pages(http) -> None:
    """Unknown addresses, malformed forms and crashes as pages in the site's layout; paths
    under /api/ keep the API's problem details (JSON)."""
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException

    api_http = http.exception_handlers.get(HTTPException)
    api_invalid = http.exception_handlers.get(RequestValidationError)

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    async def http_error(request: Request, error: HTTPException):
        if is_api(request) and api_http is not None:
            return await api_http(request, error)
        _settle_reader(request)  # the reader's language, before the words are looked up
        words = _(HTTP_WORDS[error.status_code]) if error.status_code in HTTP_WORDS else str(
            error.detail)
        return _error_page(request, error.status_code, words)

    async def invalid_form(request: Request, error: RequestValidationError):
        if is_api(request) and api_invalid is not None:
            return await api_invalid(request, error)
        _settle_reader(request)
        first = next(iter(error.errors()), {})
        field = str((first.get("loc") or ("", "the form"))[-1])
        return _error_page(request, 400, _("The form's field %(field)s is missing or not valid.",
                                           field=repr(field)))

    async def crashed(request: Request, error: Exception):
        if is_api(request):
            from fastapi.responses import JSONResponse

            return JSONResponse({"title": "Internal Server Error", "status": 500}, 500,
                                media_type="application/problem+json")
        return _error_page(request, 500, _(HTTP_WORDS[500]))

    http.add_exception_handler(HTTPException, http_error)
    http.add_exception_handler(RequestValidationError, invalid_form)
    http.add_exception_handler(Exception, crashed)


def _settle_reader(request: Request) -> None:
    """Who reads (their navigation and language); a crash does not ask again."""
    try:
        identity_of(request)
    except Exception:  # noqa: BLE001 - the error page shows without navigation then
        request.state.identity = None


def _error_page(request: Request, status: int, message: str) -> Response:
    template = "error_fragment.html" if is_htmx(request) else "error.html"
    return render(request, template, status, message=message,
                  heading=heading(status))


def heading(status: int) -> str:
    return _(HEADINGS[status]) if status in HEADINGS else _("Not done")


def install_error_pages(http) -> None:
    async def audit_engine_error(request: Request, error: AuditEngineError):
        template = "error_fragment.html" if is_htmx(request) else "error.html"
        status = status_of(error)
        return render(request, template, status, message=refusal(error), heading=heading(status))

    async def needs_sign_in(request: Request, error: NeedsSignIn):
        if is_htmx(request):
            return Response(status_code=401, headers={"HX-Redirect": "/sign-in"})
        target = request.url.path if request.method == "GET" else "/"
        return RedirectResponse(f"/sign-in?next={safe_next(target)}", status_code=303)

    async def csrf_refused(request: Request, error: CsrfRefused):
        message = _("the form expired or came from elsewhere; reload the page and try again")
        template = "error_fragment.html" if is_htmx(request) else "error.html"
        return render(request, template, 403, message=message)

    http.add_exception_handler(AuditEngineError, audit_engine_error)
    http.add_exception_handler(NeedsSignIn, needs_sign_in)
    http.add_exception_handler(CsrfRefused, csrf_refused)
    install_http_error_pages(http)
