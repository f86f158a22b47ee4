"""`audit-engine outbox list|retry`: the messages waiting, sent and failed."""

import click

from audit_engine.cli.common import actor_option, emit, json_option, pass_app
from audit_engine.cli.lifecycle_options import acting
from audit_engine.domain.formats.inputs import parse_number_id, parse_whole


@click.group("outbox")
def group() -> None:
    """The outbox of e-mails: list them, retry a failed one."""


@group.command("list")
@click.option("--status", default=None, help="pending, sending, sent or failed.")
@click.option("--limit", default="200", show_default=True, metavar="N")
@json_option
@actor_option
@pass_app
def list_(app, status, limit, as_json, actor) -> None:
    """Messages, newest first (admins and compliance officers of every facility)."""
    from audit_engine.services.mail.reads import outbox_for

    limit = parse_whole(limit, "--limit", 1, 100_000)
    rows = outbox_for(app.uow, actor=acting(app, actor), status=status, limit=limit)
    columns = ["id", "status", "rule", "to", "subject", "attempts", "error"]
    emit(rows, as_json, None if as_json else columns)


@group.command("retry")
@click.argument("message_id")
@actor_option
@pass_app
def retry(app, message_id, actor) -> None:
    """Send a failed message again at the next tick (attempts reset; admins and compliance
    officers)."""
    from audit_engine.services.mail.outbox import retry_message

    number = parse_number_id("outbox message", message_id)
    view = retry_message(app.uow, app.clock, number, actor=acting(app, actor))
    click.echo(f"outbox message {view.id} is pending again")
