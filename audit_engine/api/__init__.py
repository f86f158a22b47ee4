"""The HTTP API for integrations, a FastAPI sub-application mounted at /api/v1.

`create_api(app)` builds it from the composition root's App; nothing is built at import time.

Modules:
- `application`: Assemble the API: routers, problem handlers, the ASGI layers, the OpenAPI document.
- `caller`: Who is calling: the bearer token turned into the acting identity, once, at the edge.
- `docs_page`: The API's interactive documentation (Swagger UI) served from vendored assets,
  under the site's Content Security Policy.
- `middleware`: ASGI layers around the API's routes: Idempotency-Key replay (the body cap, 413, is
  audit_engine.body_cap's).
- `openapi`: The OpenAPI 3.1 document's shared parts: tags, the problem schema, error responses.
- `openapi_contract`: What the document says besides the routes' models: headers, binary files,
  a documented 500, one summary each.
- `preconditions`: ETags and If-Match: the version of an audit (findings and actions share their
  audit's).
- `problems`: Errors as RFC 9457 problem details (`application/problem+json`), mapped in one place.
- `request_form`: The canonical form of a request (method, path, query, parsed fields, file
  hashes), what an Idempotency-Key retry is compared on.
- `state`: What the API's routes reach through `request.app.state.services`: the App and its parts.
- `step_body`: The body of an action step: JSON (`{"event": ..., "note": ...}`) or
  multipart/form-data with the same fields and an evidence `file`.
- `routes/`: The API's routers, one module per resource family.
- `schemas/`: Request and response bodies of the API, one module per resource.

- `request_form`: The canonical form of a request, for Idempotency-Key: what the request asks, not
  its bytes.

- `docs_page`: /api/v1/docs.
"""

from __future__ import annotations

__all__ = ["create_api", "outside_problems"]


def create_api(app):
    """The API as an ASGI application (FastAPI), over `app`'s services."""
    from audit_engine.api.application import build

    return build(app)


def outside_problems(http, prefix: str) -> None:
    """Errors the outer application answers for API paths (a path the mount itself cannot
    match, e.g. one with a newline) are problem details too; other paths keep the default."""
    from audit_engine.api.problems import install_outside

    install_outside(http, prefix)
