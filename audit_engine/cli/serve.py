"""`audit-engine serve`: the web pages and the HTTP API on uvicorn."""

from __future__ import annotations

from contextlib import contextmanager

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
@click.option("--no-scheduler", is_flag=True,
              help="Only serve pages: another node runs the scheduler that sends mail.")
@click.option("--scheduler-interval", type=Whole(1, 86400), default=60, show_default=True,
              metavar="SECONDS", help="How often the scheduler ticks while this node leads.")
@pass_app
def serve(app, host: str, port: int, workers: int | None, no_scheduler: bool,
          scheduler_interval: int) -> None:
    """Serve the web application and the API until Ctrl-C, and run the scheduler (opens
    programme audits, queues reminders, sends mail) unless --no-scheduler.

    Several `serve` processes (or nodes) on one database elect one active scheduler; the
    others stand by. Behind an HTTPS proxy on this machine, cookies are marked Secure when the
    proxy sends X-Forwarded-Proto: https (proxy headers are trusted from 127.0.0.1 only).
    """
    app.require_schema()  # one clear line now rather than a traceback per request
    app.dispose()
    run_server(host, port, workers or cores(), public_url=app.settings.public_url,
               scheduler_interval=None if no_scheduler else scheduler_interval)


def cores() -> int:
    """CPU cores this process may run on. A worker runs Python on one core at a time (the
    GIL), so one worker per core uses the machine without processes queueing for a core."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_server(host: str, port: int, workers: int, *, public_url: str = "",
               scheduler_interval: float | None = 60) -> None:
    """uvicorn with the import-string factory; each worker builds its App from the environment
    (AUDIT_ENGINE_*), so set the environment, not arguments, for what the workers must see.
    The scheduler (unless `scheduler_interval` is None) is a thread of this process."""
    import os

    if not public_url:  # links in mail name this server, never a request's Host header
        os.environ["AUDIT_ENGINE_PUBLIC_URL"] = f"http://{host}:{port}"
    with scheduler_thread(scheduler_interval):
        _uvicorn(host, port, workers)


def _uvicorn(host: str, port: int, workers: int) -> None:
    import uvicorn

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


@contextmanager
def scheduler_thread(interval: float | None):
    """Lead or stand by in a thread while the server runs; on the way out the tick in flight
    finishes and the lease is released. uvicorn re-raises the SIGTERM/SIGINT it caught once it
    has shut down: our handler turns that into a clean stop instead of an abrupt exit."""
    if interval is None:
        yield
        return
    import logging
    import signal
    import threading

    from audit_engine.bootstrap import build_app, load_settings
    from audit_engine.services.calendar.tick import run_service

    logging.getLogger("audit_engine").setLevel(logging.INFO)
    logging.getLogger("audit_engine").addHandler(_log_handler())
    app, stop = build_app(load_settings()), threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda number, frame: stop.set())
    thread = threading.Thread(target=run_service, args=(app, stop),
                              kwargs={"interval": interval, "lease_seconds": 30.0},
                              name="scheduler", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=120)
        app.dispose()


def _log_handler():
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler
