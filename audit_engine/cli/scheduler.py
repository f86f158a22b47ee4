"""`audit-engine scheduler run|tick|status`: the service that keeps the audit calendar."""

import logging
import signal
import threading

import click

from audit_engine.cli.common import emit, json_option, pass_app
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.inputs import parse_moment


@click.group("scheduler")
def group() -> None:
    """Open program audits, queue reminders, send mail: once (tick) or as a service (run)."""


@group.command("tick")
@click.option(
    "--at",
    "at",
    default=None,
    metavar="DATETIME",
    help="Act as of this moment (UTC unless an offset is given). Default: now.",
)
@click.option("--no-send", is_flag=True, help="Queue messages but do not dispatch them.")
@json_option
@pass_app
def tick(app, at, no_send, as_json) -> None:
    """One pass of every job as of a moment, then exit (cron, tests, catching up).

    Prints one line saying what happened; --json prints the summary as data."""
    moment = parse_moment(at, "--at") if at is not None else None  # before the slow imports
    from audit_engine.bootstrap.tick_wiring import tick_parts
    from audit_engine.cli.tick_text import describe
    from audit_engine.services.calendar.tick import record_tick
    from audit_engine.services.calendar.tick import tick as run_tick

    app.require_schema()
    summary = run_tick(tick_parts(app, moment), send=not no_send)
    record_tick(app.engine)
    if as_json:
        emit(summary, True)
    else:
        click.echo(describe(summary))
    if summary.errors:
        raise SystemExit(1)


@group.command("run")
@click.option(
    "--interval",
    type=float,
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="How often the tick job fires while this process leads.",
)
@click.option(
    "--lease",
    "lease_seconds",
    type=float,
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Leader lease on SQLite; a standby takes over after it.",
)
@pass_app
def run(app, interval, lease_seconds) -> None:
    """The long-running service. A second one waits as a standby; SIGTERM stops cleanly."""
    from audit_engine.bootstrap.tick_wiring import tick_parts
    from audit_engine.cli.tick_text import describe
    from audit_engine.services.calendar.tick import run_service

    if interval <= 0 or lease_seconds <= 0:
        raise InvalidInput("--interval and --lease must be positive")
    app.require_schema()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda number, frame: stop.set())
    run_service(tick_parts(app), stop, interval=interval, lease_seconds=lease_seconds,
                said=describe)


@group.command("status")
@json_option
@pass_app
def status(app, as_json) -> None:
    """Who holds the scheduler lease (SQLite) and the outbox counts."""
    from audit_engine.services.calendar.tick import status as read_status

    app.require_schema()
    emit(read_status(app.engine, app.uow()), as_json)
