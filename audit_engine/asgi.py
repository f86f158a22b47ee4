"""The ASGI application: web pages at `/`, the HTTP API at `/api/v1`, `/health`.

`create_app` is the factory uvicorn calls (`audit-engine serve` passes the import string
`audit_engine.asgi:create_app` with factory=True), once per worker process. Nothing is built at
import time; the App (engine, adapters) is built by the factory from the settings.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from audit_engine.bootstrap import App, Settings, build_app, load_settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """One FastAPI application over one App (the composition root's wiring)."""
    services = build_app(settings or load_settings())
    http = FastAPI(
        title="audit-engine",
        lifespan=_lifespan(services),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    http.state.services = services
    http.add_api_route("/health", _health(services), methods=["GET"], include_in_schema=False)
    _add_operations(http, services)
    _add_api(http, services)
    _add_web(http, services)
    return http


def _add_api(http: FastAPI, services: App) -> None:
    """The HTTP API: a FastAPI sub-application mounted at /api/v1 (its OpenAPI document is
    /api/v1/openapi.json). Mounted before the pages so /api/v1 never reaches a page route."""
    from audit_engine.api import create_api, outside_problems

    http.mount("/api/v1", create_api(services))
    outside_problems(http, "/api/")


def _add_operations(http: FastAPI, services: App) -> None:
    """/health/live, /health/ready, /metrics (with a token) and the per-request record."""
    from audit_engine.web.operations import add_operations

    add_operations(http, services)


def _add_web(http: FastAPI, services: App) -> None:
    """The web pages: routers at `/`, static files at /static."""
    from audit_engine.web import add_pages

    add_pages(http, services)


def _health(services: App):
    """Liveness, and whether mail goes out: a scheduler holding the lease, its last tick.

    The scheduler part is read from the database at most every HEALTH_CACHE_SECONDS per
    worker, so /health stays the cheap floor the web bench measures against; with no
    database yet it says `unknown` and creates none."""
    import time

    cache: dict[str, object] = {"at": float("-inf"), "value": None}

    async def health() -> dict:
        if time.monotonic() - cache["at"] > HEALTH_CACHE_SECONDS:
            from starlette.concurrency import run_in_threadpool

            cache["value"] = await run_in_threadpool(_scheduler_part, services)
            cache["at"] = time.monotonic()
        return {"status": "ok", "scheduler": cache["value"]}

    return health


HEALTH_CACHE_SECONDS = 5.0


def _scheduler_part(services: App) -> dict:
    from pathlib import Path

    from audit_engine.services.calendar.tick import scheduler_health

    url = services.settings.effective_database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return {"state": "unknown"}  # asking would create the database file
    try:
        found = scheduler_health(services.engine)
    except Exception as exc:  # no schema yet, database down: say so, stay alive
        return {"state": "unknown", "reason": type(exc).__name__}
    return {"state": "stale" if found.stale else "running", "leading": found.leading,
            "last_tick_at": found.last_tick_at.isoformat() if found.last_tick_at else None}


def _lifespan(services: App):
    @asynccontextmanager
    async def lifespan(_http: FastAPI):
        yield
        services.dispose()

    return lifespan
