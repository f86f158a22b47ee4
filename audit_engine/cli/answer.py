"""`audit-engine answer AUDIT CRITERION --result R [--note TEXT]`."""

import click

from audit_engine.cli.common import actor_option, pass_app
from audit_engine.cli.lifecycle_options import acting, expect_version_option
from audit_engine.domain.lifecycle import Result


@click.command("answer")
@click.argument("audit")
@click.argument("criterion")
@click.option(
    "--result",
    required=True,
    metavar="|".join(r.value for r in Result),
    help="compliant, partial, non_compliant or not_applicable.",
)
@click.option("--note", default=None, help="Note or justification (stored as given).")
@expect_version_option
@actor_option
@pass_app
def answer(app, audit, criterion, result, note, expect_version, actor) -> None:
    """Record the result for one criterion of an audit in fieldwork."""
    from audit_engine.services.audits.answers import record_answer

    who = acting(app, actor)
    view = record_answer(
        app.uow(),
        app.clock,
        actor=who,
        audit=audit,
        criterion=criterion,
        result=result,
        note=note,
        expected_version=expect_version,
    )
    click.echo(f"{view['audit']} {view['criterion']}: {view['result']}")
