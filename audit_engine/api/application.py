"""Assemble the API: routers, problem handlers, the ASGI layers, the OpenAPI document."""

from __future__ import annotations

from fastapi import FastAPI

from audit_engine import body_cap
from audit_engine.api import problems
from audit_engine.api.docs_page import add_docs
from audit_engine.api.middleware import Idempotency, send_problem
from audit_engine.api.openapi import (
    DESCRIPTION,
    TAGS,
    common_responses,
    problem_content,
    with_schemas,
)
from audit_engine.api.openapi_contract import document_contract
from audit_engine.api.routes import ROUTERS
from audit_engine.api.state import ApiServices
from audit_engine.api.step_body import STEP_MODELS

VERSION = "1"


def build(app) -> FastAPI:
    services = ApiServices(app)
    api = FastAPI(
        title="audit-engine API",
        version=VERSION,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        docs_url=None,  # our own page (docs_page.py): vendored assets, no inline script
        redoc_url=None,
        responses=common_responses(),
    )
    api.state.services = services
    problems.install(api)
    for router in ROUTERS:
        api.include_router(router)
    add_docs(api)
    # Outermost first on the way in: the body cap, then idempotency (which reads the body).
    api.add_middleware(Idempotency, services=services)
    body_cap.install(api, lambda: _limits(services.settings), _refuse_body)
    _problems_in_openapi(api)
    return api


def _limits(settings) -> body_cap.Limits:
    return body_cap.Limits(settings.api_max_body_bytes, settings.upload_max_bytes,
                           settings.evidence_max_bytes)


async def _refuse_body(scope, send, status: int, detail: str) -> None:
    await send_problem(send, status, detail, headers=[(b"connection", b"close")])


def _problems_in_openapi(api: FastAPI) -> None:
    """Error responses are documented as application/problem+json (what they are); bodies a
    route reads itself (an action step: JSON or multipart) get their schemas listed."""
    generate = api.openapi

    def openapi() -> dict:
        if api.openapi_schema is None:
            api.openapi_schema = document_contract(
                with_schemas(problem_content(generate()), STEP_MODELS))
        return api.openapi_schema

    api.openapi = openapi
