"""`audit-engine serve`: the web pages and the HTTP API on uvicorn."""

from __future__ import annotations

import click

from audit_engine.cli.common import Whole, pass_app

FACTORY = "audit_engine.asgi:create_app"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=Whole(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--workers", type=Whole(1, 64),
              help="Server processes (default: one per CPU core this process may use). "
                   "Sessions live in the database, so any number works.")
@pass_app
def serve(app, host: str, port: int, workers: int | None) -> None:
    """Serve the web application and the API until Ctrl-C.

    Behind an HTTPS proxy on this machine, cookies are marked Secure when the proxy sends
    X-Forwarded-Proto: https (proxy headers are trusted from 127.0.0.1 only).
    """
    app.require_schema()  # one clear line now rather than a traceback per request
    app.dispose()
    run_server(host, port, workers or cores(), public_url=app.settings.public_url)


def cores() -> int:
    """CPU cores this process may run on. A worker runs Python on one core at a time (the
    GIL), so one worker per core uses the machine without processes queueing for a core."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_server(host: str, port: int, workers: int, *, public_url: str = "") -> None:
    """uvicorn with the import-string factory; each worker builds its App from the environment
    (AUDIT_ENGINE_*), so set the environment, not arguments, for what the workers must see."""
    import os

    import uvicorn

    if not public_url:  # links in mail name this server, never a request's Host header
        os.environ["AUDIT_ENGINE_PUBLIC_URL"] = f"http://{host}:{port}"
    uvicorn.run(
        FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        server_header=False,
        log_level="info",
    )
