"""`audit-engine subscription add|list|remove`: reports mailed on a schedule."""

import click

from audit_engine.cli.common import actor_option, emit, json_option, pass_app
from audit_engine.cli.lifecycle_options import acting


@click.group("subscription")
def group() -> None:
    """Report subscriptions: a report on a schedule to a list of recipients."""


@group.command("add")
@click.option("--report", required=True, type=click.Choice(["portfolio", "actions", "facility"]))
@click.option(
    "--schedule",
    required=True,
    help="weekly, monthly, quarterly, or a 5-field cron expression (UTC).",
)
@click.option("--to", "recipients", multiple=True, required=True, metavar="EMAIL")
@click.option("--facility", default=None, metavar="CODE", help="For --report facility.")
@click.option("--owner", default=None, metavar="EMAIL", help="For --report actions.")
@click.option("--lang", "language", default=None, metavar="CODE",
              help="The mail's and report's language (en, es, ...); default: each "
                   "recipient's own.")
@actor_option
@pass_app
def add(app, report, schedule, recipients, facility, owner, language, actor) -> None:
    """Subscribe recipients to a report."""
    from audit_engine.services.calendar.subscriptions import add_subscription

    view = add_subscription(
        app.uow(),
        app.clock,
        actor=acting(app, actor),
        report=report,
        schedule=schedule,
        recipients=recipients,
        facility=facility,
        owner=owner,
        language=language,
        check=app.languages.checked,
    )
    click.echo(
        f"added subscription {view.id}: {view.report} {view.schedule}, "
        f"next run {view.next_run_at:%Y-%m-%d %H:%M} UTC"
    )


@group.command("list")
@json_option
@actor_option
@pass_app
def list_(app, as_json, actor) -> None:
    """The subscriptions the acting user may see, with next run and last outcome."""
    from audit_engine.services.calendar.reads import subscriptions_for

    emit(subscriptions_for(app.uow(), actor=acting(app, actor)), as_json)


@group.command("remove")
@click.argument("subscription")
@actor_option
@pass_app
def remove(app, subscription, actor) -> None:
    """Remove a subscription (S-<n>)."""
    from audit_engine.services.calendar.subscriptions import remove_subscription

    view = remove_subscription(
        app.uow(), app.clock, actor=acting(app, actor), subscription=subscription
    )
    click.echo(f"removed subscription {view.id}")
