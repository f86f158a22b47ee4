"""`audit-engine answer AUDIT CRITERION --result R [--note TEXT]`, or
`audit-engine answer AUDIT --category C --rest R` for the unanswered rest of a category."""

import click

from audit_engine.cli.common import actor_option, pass_app
from audit_engine.cli.lifecycle_options import acting, expect_version_option
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.rules.lifecycle import AuditId, Result

RESULTS = "|".join(r.value for r in Result)


@click.command("answer")
@click.argument("audit")
@click.argument("criterion", required=False)
@click.option("--result", default=None, metavar=RESULTS,
              help="compliant, partial, non_compliant or not_applicable.")
@click.option("--note", default=None, help="Note or justification (stored as given).")
@click.option("--category", default=None, metavar="ID",
              help="With --rest: the category whose unanswered criteria to answer.")
@click.option("--rest", default=None, metavar=RESULTS,
              help="With --category: the result for every unanswered criterion in it.")
@expect_version_option
@actor_option
@pass_app
def answer(app, audit, criterion, result, note, category, rest, expect_version, actor) -> None:
    """Record the result for one criterion of an audit in fieldwork (or the rest of a category)."""
    if category is not None or rest is not None:
        _rest(app, audit, criterion, result, note, category, rest, expect_version, actor)
        return
    if not criterion or not result:
        raise InvalidInput("give CRITERION and --result, or --category C --rest RESULT")
    from audit_engine.services.fieldwork.answers import record_answer

    who = acting(app, actor)
    view = record_answer(
        app.uow(),
        app.clock,
        actor=who,
        audit=AuditId(audit),
        criterion=criterion,
        result=result,
        note=note,
        expected_version=expect_version,
    )
    click.echo(f"{view.audit} {view.criterion}: {view.result}")


def _rest(app, audit, criterion, result, note, category, rest, expect_version, actor) -> None:
    if criterion or result or not category or not rest:
        raise InvalidInput("--category C --rest RESULT go together, without CRITERION or --result")
    from audit_engine.services.fieldwork.answer_rest import answer_rest

    who = acting(app, actor)
    done = answer_rest(app.uow(), app.clock, actor=who, audit=AuditId(audit), category=category,
                       result=rest, note=note, expected_version=expect_version)
    for answered in done.criteria:
        click.echo(f"{done.audit} {answered}: {done.result}")
    click.echo(f"{done.audit} category {done.category}: {len(done.criteria)} unanswered "
               f"criteria answered {done.result}")
