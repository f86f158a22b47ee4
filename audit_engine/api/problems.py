"""Errors as RFC 9457 problem details (`application/problem+json`), mapped in one place.

Every refusal of the API leaves here: domain errors from the services, request validation by
FastAPI, and the API's own (401, 412, 413, 428, 429). Each body has `type`, `title`, `status`,
`detail` (one line naming what is wrong and where), and, for bad input, `errors` naming each
field.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse

from audit_engine.domain.errors import AuditEngineError, meaning_of, shown_on_the_web

log = logging.getLogger("audit_engine.api")
MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:audit-engine:problem:"  # identifiers, not pages: listed in docs/api.md

HTTP_TITLES = {
    400: ("bad-request", "Malformed request"),
    401: ("unauthenticated", "Authentication required"),
    403: ("forbidden", "Not permitted"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    409: ("conflict", "Conflict"),
    412: ("stale", "The record changed since you read it"),
    413: ("too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("invalid-input", "Invalid input"),
    428: ("precondition-required", "Precondition required"),
    429: ("rate-limited", "Too many requests"),
    500: ("internal", "Internal error"),
}
# The API's own refusals (not domain errors, which the error map covers): when, and the CLI's
# exit code for the same mistake ("-" where the CLI has none). docs/api.md lists them.
OWN_REFUSALS: dict[int, tuple[str, str]] = {
    400: ("the body is not valid JSON", "2"),
    413: ("the body is over the limit", "2"),
    428: ("a write without `If-Match`", "-"),
    429: ("too many requests with this token; see `Retry-After`", "-"),
    500: ("a bug; the server's log has the traceback", "1"),
}


class Problem(Exception):
    """An HTTP refusal raised by the API edge itself (not by a service)."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None, **extra):
        super().__init__(detail)
        self.status, self.detail, self.headers, self.extra = status, detail, headers or {}, extra


def problem_body(status: int, detail: str, **extra: Any) -> dict[str, Any]:
    slug, title = HTTP_TITLES.get(status, ("error", "Error"))
    return {"type": TYPE_BASE + slug, "title": title, "status": status, "detail": detail, **extra}


def problem_response(
    status: int, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        problem_body(status, detail, **extra), status, headers=headers, media_type=MEDIA_TYPE
    )


def domain_problem(exc: AuditEngineError) -> tuple[int, str, str]:
    """(status, slug, title) of a domain error: its row of the one error map."""
    row = meaning_of(exc)
    return row.status, row.slug, row.title


def install(api: FastAPI) -> None:
    """Register the handlers on `api`."""

    @api.exception_handler(AuditEngineError)
    async def _domain(request: Request, exc: AuditEngineError) -> JSONResponse:
        status, slug, title = domain_problem(exc)
        body = {"type": TYPE_BASE + slug, "title": title, "status": status,
                "detail": shown_on_the_web(exc)}
        if status == 422:  # bad input names its field, like a schema refusal does
            body["errors"] = [field_of(request, body["detail"])]
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(body, status, headers=headers, media_type=MEDIA_TYPE)

    @api.exception_handler(Problem)
    async def _own(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc.status, exc.detail, exc.headers, **exc.extra)

    @api.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_problem(exc.errors())

    @api.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected failure in %s %s", request.method, request.url.path)
        return problem_response(500, f"unexpected failure: {type(exc).__name__}")

    @api.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:  # every method of the path, not only the first route's
            headers = {**(headers or {}), "Allow": allowed_methods(request)}
        return problem_response(exc.status_code, detail, headers)


def allowed_methods(request: Request) -> str:
    """The methods some route of the path answers (routes are one per method here)."""
    from starlette.routing import Match

    methods: set[str] = set()
    for route in request.app.router.routes:
        if route.matches(request.scope)[0] != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


def field_of(request: Request, detail: str) -> dict[str, str]:
    """The request field a service's refusal is about: the word it starts with when that is a
    field of the route (path, query or body), else `request` (a rule across fields)."""
    first = detail.split(" ", 1)[0].strip(":'\"").lower()
    for where, names in _route_fields(request):
        if first in names:
            return {"field": first, "in": where, "message": detail}
    return {"field": "request", "in": "body", "message": detail}


def _route_fields(request: Request) -> list[tuple[str, set[str]]]:
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return []
    body: set[str] = set()
    for param in dependant.body_params:
        model = getattr(param.field_info, "annotation", None)
        body |= set(getattr(model, "model_fields", {}) or {param.name})
    return [("path", {p.name for p in dependant.path_params}),
            ("query", {p.name for p in dependant.query_params}), ("body", body)]


def validation_problem(errors) -> JSONResponse:
    """400 for a body that is not JSON at all, 422 naming each bad field otherwise."""
    fields = [_field_error(e) for e in errors]
    if any(e.get("type") == "json_invalid" for e in errors):
        first = next(e for e in errors if e.get("type") == "json_invalid")
        reason = (first.get("ctx") or {}).get("error", "invalid JSON")
        where = [str(p) for p in first.get("loc", ())[1:]]  # a character offset, not a field
        at = f" at character {where[0]}" if where and where[0].isdigit() else ""
        return problem_response(400, f"the body is not valid JSON: {reason}{at}", errors=[
            {"field": "body", "in": "body", "message": f"not valid JSON: {reason}{at}"}])
    first = fields[0] if fields else {"field": "?", "message": "invalid"}
    detail = f"{first['field']}: {first['message']}"
    if len(fields) > 1:
        detail += f" (and {len(fields) - 1} more)"
    return problem_response(422, detail, errors=fields)


def _field_error(error: dict) -> dict[str, str]:
    location = [str(part) for part in error.get("loc", ())]
    if location and location[0] in ("body", "query", "path", "header"):
        where, location = location[0], location[1:]
    else:
        where = "body"
    field = ".".join(location) or where
    message = error.get("msg", "invalid")
    if error.get("type") == "extra_forbidden":
        message = "unknown field"
    elif error.get("type") == "literal_error":  # name the value refused, then the choices
        expected = (error.get("ctx") or {}).get("expected", "")
        message = f"{str(error.get('input'))[:100]!r} is not one of: {expected}"
    return {"field": field, "in": where, "message": message}


def install_outside(http, prefix: str) -> None:
    from fastapi.exception_handlers import http_exception_handler

    async def _http(request: Request, exc: StarletteHTTPException):
        if not request.url.path.startswith(prefix):
            return await http_exception_handler(request, exc)
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        return problem_response(exc.status_code, detail, getattr(exc, "headers", None))

    http.add_exception_handler(StarletteHTTPException, _http)
