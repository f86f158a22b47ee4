"""`audit-engine serve`: the web pages and the HTTP API on uvicorn."""

from __future__ import annotations

import logging
import os
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
@click.option("--forwarded-allow-ips", metavar="IPS",
              help="Proxies whose X-Forwarded-For/-Proto headers are believed: IP addresses or "
                   "networks, comma-separated (default: setting forwarded_allow_ips, "
                   "127.0.0.1).")
@pass_app
def serve(app, host: str, port: int, workers: int | None, no_scheduler: bool,
          scheduler_interval: int, forwarded_allow_ips: str | None) -> None:
    """Serve the web application and the API until Ctrl-C, and run the scheduler (opens
    programme audits, queues reminders, sends mail) unless --no-scheduler.

    Several `serve` processes (or nodes) on one database elect one active scheduler; the
    others stand by. Behind a proxy, the client address (sign-in throttling, sessions) and the
    scheme (Secure cookies) come from X-Forwarded-For/-Proto only when the proxy's address is
    in --forwarded-allow-ips; from any other peer those headers are ignored.
    """
    from audit_engine.domain.formats.inputs import parse_proxy_addresses

    settings = app.settings
    if forwarded_allow_ips is None:
        proxies = parse_proxy_addresses(settings.forwarded_allow_ips,
                                        "setting forwarded_allow_ips")
    else:
        proxies = parse_proxy_addresses(forwarded_allow_ips, "--forwarded-allow-ips")
    app.require_schema()  # one clear line now rather than a traceback per request
    app.sso  # noqa: B018 - a bad sso file is one line now, not at the first sign-in
    app.dispose()
    if settings.metrics_token:  # every worker (and the scheduler) counts into one folder
        from audit_engine.metrics import use_folder

        use_folder(settings.home / "run" / f"metrics-{os.getpid()}")
    run_server(host, port, workers or cores(), public_url=settings.public_url,
               scheduler_interval=None if no_scheduler else scheduler_interval,
               json_logs=settings.log_format == "json", proxies=",".join(proxies))


def cores() -> int:
    """CPU cores this process may run on. A worker runs Python on one core at a time (the
    GIL), so one worker per core uses the machine without processes queueing for a core."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_server(host: str, port: int, workers: int, *, public_url: str = "",
               scheduler_interval: float | None = 60, json_logs: bool = False,
               proxies: str = "127.0.0.1") -> None:
    """uvicorn with the import-string factory; each worker builds its App from the environment
    (AUDIT_ENGINE_*), so set the environment, not arguments, for what the workers must see.
    The scheduler (unless `scheduler_interval` is None) is a thread of this process."""
    if not public_url:  # links in mail name this server, never a request's Host header
        os.environ["AUDIT_ENGINE_PUBLIC_URL"] = f"http://{host}:{port}"
    with scheduler_thread(scheduler_interval, json_logs):
        _uvicorn(host, port, workers, json_logs, proxies)


def _uvicorn(host: str, port: int, workers: int, json_logs: bool = False,
             proxies: str = "127.0.0.1") -> None:
    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    uvicorn.run(
        FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips=proxies,  # only these peers' X-Forwarded-* headers count
        server_header=False,
        log_level="info",
        log_config=json_log_config() if json_logs else LOGGING_CONFIG,
        access_log=not json_logs,  # in JSON, the app's own line per request has the request id
    )


@contextmanager
def scheduler_thread(interval: float | None, json_logs: bool = False):
    """Lead or stand by in a thread while the server runs; on the way out the tick in flight
    finishes and the lease is released. uvicorn re-raises the SIGTERM/SIGINT it caught once it
    has shut down: our handler turns that into a clean stop instead of an abrupt exit."""
    if interval is None:
        yield
        return
    import signal
    import threading

    from audit_engine.bootstrap import build_app, load_settings
    from audit_engine.bootstrap.tick_wiring import tick_parts
    from audit_engine.cli.tick_text import describe
    from audit_engine.services.calendar.tick import run_service

    logging.getLogger("audit_engine").setLevel(logging.INFO)
    logging.getLogger("audit_engine").addHandler(_log_handler(json_logs))
    app, stop = build_app(load_settings()), threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda number, frame: stop.set())
    thread = threading.Thread(target=run_service, args=(tick_parts(app), stop),
                              kwargs={"interval": interval, "lease_seconds": 30.0,
                                      "said": describe},
                              name="scheduler", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=120)
        app.dispose()


def _log_handler(json_logs: bool = False):
    handler = logging.StreamHandler()
    handler.setFormatter(JsonLines() if json_logs else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def json_log_config() -> dict:
    """uvicorn's logging (each worker applies it) with every line one JSON object."""
    handler = {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    quiet = {"handlers": ["default"], "level": "INFO", "propagate": False}
    return {"version": 1, "disable_existing_loggers": False,
            "formatters": {"json": {"()": f"{__name__}.JsonLines"}},
            "handlers": {"default": handler},
            "loggers": {"uvicorn": quiet, "uvicorn.error": {"level": "INFO"},
                        "audit_engine": quiet}}


class JsonLines(logging.Formatter):
    """One JSON object a line: time, level, logger, message, and a record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        import json

        line = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"), "level": record.levelname,
                "logger": record.name, "message": record.getMessage(),
                **getattr(record, "fields", {})}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)
