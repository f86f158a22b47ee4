"""`audit-engine reminder rules|set|opt-out|opt-in`: reminder rules as data."""

import click

from audit_engine.cli.common import actor_option, emit, json_option, pass_app
from audit_engine.cli.lifecycle_options import acting


@click.group("reminder")
def group() -> None:
    """Reminder rules (what is sent when) and personal opt-outs."""


@group.command("rules")
@json_option
@actor_option
@pass_app
def rules(app, as_json, actor) -> None:
    """The effective rules: defaults with any overrides (for any active user)."""
    from audit_engine.services.calendar.reads import rules_for

    emit(rules_for(app.uow(), actor=acting(app, actor)), as_json)


@group.command("set")
@click.argument("rule")
@click.option("--days", default=None, help="Comma-separated days, e.g. 14,3.")
@click.option("--enable/--disable", "enabled", default=None)
@click.option(
    "--mandatory/--optional", "mandatory", default=None, help="Mandatory messages ignore opt-outs."
)
@click.option("--weekday", default=None, help="For weekly_digest: mon..sun.")
@actor_option
@pass_app
def set_(app, rule, days, enabled, mandatory, weekday, actor) -> None:
    """Change a rule (compliance officers and admins)."""
    from audit_engine.domain.rules.reminders import parse_days
    from audit_engine.services.calendar.reminder_rules import set_rule

    view = set_rule(
        app.uow(),
        app.clock,
        actor=acting(app, actor),
        key=rule,
        days=parse_days(days) if days is not None else None,
        enabled=enabled,
        mandatory=mandatory,
        weekday=weekday,
    )
    emit(view, False)


def _opt(opted_out: bool):
    @click.argument("rule")
    @actor_option
    @pass_app
    def command(app, rule, actor) -> None:
        from audit_engine.services.calendar.reminder_rules import set_opt_out

        view = set_opt_out(
            app.uow(), app.clock, actor=acting(app, actor), rule=rule, opted_out=opted_out
        )
        click.echo(
            f"{view.user} {'opted out of' if opted_out else 'opted back into'} {view.rule}"
        )

    return command


group.command("opt-out", help="Stop receiving a non-mandatory rule ('*' for all of them).")(
    _opt(True)
)
group.command("opt-in", help="Receive a rule again.")(_opt(False))
