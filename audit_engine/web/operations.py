"""Operators' endpoints and the per-request record: `/health/live`, `/health/ready`,
`/metrics`, a request id on every response, and one log line per request.

- `/health/live` does no I/O: the process answers.
- `/health/ready` asks the database (reachable, schema at the code's head), the file store
  (writable) and reports the scheduler lease; 503 when this node cannot serve.
- `/metrics` (Prometheus text) only when AUDIT_ENGINE_METRICS_TOKEN is set, and only with
  `Authorization: Bearer <that token>`; otherwise it does not exist (404).
- Every response carries `X-Request-ID` (the client's, when it sent a plain one, else new);
  the id is in `request.state.request_id` for the pages and the API, in the log line, and in
  the payload of every trail event the request makes (`request_id`).
"""

from __future__ import annotations

import hmac
import logging
import re
import time
import uuid

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from audit_engine.bootstrap import App
from audit_engine.domain.actor import CURRENT_REQUEST_ID

REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
log = logging.getLogger("audit_engine.http")


def add_operations(http: FastAPI, services: App) -> None:
    settings = services.settings
    http.add_api_route("/health/live", live, methods=["GET"], include_in_schema=False)
    http.add_api_route("/health/ready", _ready(services), methods=["GET"], include_in_schema=False)
    if settings.metrics_token:
        http.add_api_route("/metrics", _metrics(services), methods=["GET"],
                           include_in_schema=False)
    http.add_middleware(RequestRecord, metrics=bool(settings.metrics_token),
                        json_lines=settings.log_format == "json")


async def live() -> dict:
    return {"status": "live"}


def _ready(services: App):
    async def ready() -> JSONResponse:
        from audit_engine.services.administration.operations import readiness

        found = await run_in_threadpool(readiness, services.engine, services.evidence_store())
        body = {"status": "ready" if found.ready else "not ready",
                "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in found.checks},
                "scheduler": {"leading": found.scheduler_leading,
                              "last_tick_age_seconds": found.last_tick_age_seconds}}
        return JSONResponse(body, status_code=200 if found.ready else 503)

    return ready


def _metrics(services: App):
    expected = f"Bearer {services.settings.metrics_token}".encode()

    async def metrics(request: Request) -> Response:
        given = request.headers.get("authorization", "").encode()
        if not hmac.compare_digest(given, expected):
            return Response("metrics need the metrics token\n", status_code=401,
                            headers={"WWW-Authenticate": "Bearer"}, media_type="text/plain")
        from audit_engine.metrics import exposition
        from audit_engine.services.administration.operations import shared_gauges

        gauges = await run_in_threadpool(shared_gauges, services.engine, services.uow())
        body, media_type = exposition(gauges)
        return Response(body, media_type=media_type)

    return metrics


class RequestRecord:
    """Plain ASGI middleware: request id, latency by route template, one log line."""

    def __init__(self, app, *, metrics: bool, json_lines: bool) -> None:
        self.app, self.metrics, self.json_lines = app, metrics, json_lines

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request_id = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        token = CURRENT_REQUEST_ID.set(request_id)  # the trail events it makes carry it
        started, status = time.perf_counter(), [500]

        async def sending(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", []),
                                      (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            CURRENT_REQUEST_ID.reset(token)
            self._record(scope, request_id, status[0], time.perf_counter() - started)

    def _record(self, scope, request_id: str, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", None) or "(unmatched)"
        if self.metrics:
            from audit_engine.metrics import observe_request

            observe_request(scope["method"], scope.get("root_path", "") + route, status, seconds)
        if self.json_lines:
            log.info("%s %s %s", scope["method"], scope["path"], status, extra={"fields": {
                "request_id": request_id, "method": scope["method"], "path": scope["path"],
                "route": route, "status": status, "ms": round(seconds * 1000, 1)}})


def _request_id(scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            given = value.decode("latin-1")
            if REQUEST_ID.fullmatch(given):
                return given
    return uuid.uuid4().hex
