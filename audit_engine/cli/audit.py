"""`audit-engine audit plan|replan|list|show|start|submit|approve|close|return|cancel`.

Audits are numbered; type `A-12` or `12`.
"""

import click

from audit_engine.cli.audit_archive import archive
from audit_engine.cli.audit_workbook import workbook
from audit_engine.cli.common import actor_option, emit, json_option, pass_app
from audit_engine.cli.lifecycle_options import acting, expect_version_option, optional_date
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.workflow.tables import AUDIT


@click.group("audit")
def group() -> None:
    """Plan audits and move them through their workflow."""


group.add_command(workbook)
group.add_command(archive)


@group.command("plan")
@click.option("--facility", required=True, metavar="CODE")
@click.option("--checklist", required=True, metavar="ID", help="Checklist catalog id.")
@click.option("--period", required=True, metavar="YYYY-Qn", help="Quarter, e.g. 2027-Q1.")
@click.option("--lead", required=True, metavar="EMAIL", help="Lead auditor.")
@click.option("--due", default=None, metavar="DATE", help="Due date (default: end of quarter).")
@click.option(
    "--allow-partial-profile",
    is_flag=True,
    help="Plan even though the checklist's profile for the facility's entity type is partial.",
)
@click.option("--team", multiple=True, metavar="EMAIL",
              help="An auditor at the facility working with the lead (repeat, or commas).")
@click.option("--reaudit", is_flag=True,
              help="A one-off re-audit of a quarter whose audit is closed already.")
@actor_option
@pass_app
def plan(app, facility, checklist, period, lead, due, allow_partial_profile, team, reaudit,
         actor) -> None:
    """Plan an audit of a facility for a quarter against a checklist."""
    from audit_engine.services.planning.planning import plan_audit
    from audit_engine.services.planning.team import team_emails

    row = plan_audit(
        app.uow(), app.clock, app.catalogs(), actor=acting(app, actor), facility=facility,
        checklist=checklist, period=period, lead=lead, due=optional_date(due, "--due"),
        allow_partial_profile=allow_partial_profile, reaudit=reaudit, team=team)
    kind = "re-audit" if reaudit else "audit"
    crew = f", team {', '.join(team_emails(team))}" if team else ""
    click.echo(f"planned {kind} {row.id}: {facility} {period} ({checklist}), lead {lead}{crew}")


@group.command("replan")
@click.argument("audit")
@click.option("--due", default=None, metavar="DATE", help="New due date.")
@click.option("--lead", default=None, metavar="EMAIL", help="New lead auditor.")
@click.option("--team", multiple=True, metavar="EMAIL",
              help="The whole new team (repeat, or commas); the lead need not be named.")
@click.option("--no-team", is_flag=True, help="Take everyone but the lead off the team.")
@actor_option
@pass_app
def replan(app, audit, due, lead, team, no_team, actor) -> None:
    """Change a planned audit's due date, lead auditor or team."""
    from audit_engine.services.planning.steering import change_plan

    if team and no_team:
        raise click.UsageError("--team and --no-team contradict each other: give one")
    done = change_plan(app.uow(), app.clock, actor=acting(app, actor), audit=audit,
                       due=optional_date(due, "--due"), lead=lead,
                       team=() if no_team else (team or None))
    if not done.changes:
        click.echo(f"{done.audit}: nothing to change")
        return
    crew = ", ".join(done.team) or "none"
    click.echo(f"{done.audit}: changed {', '.join(done.changes)}; due {done.due}, lead"
               f" {done.lead}, team {crew}")


@group.command("list")
@click.option("--state", default=None, help="Only audits in this state.")
@click.option("--facility", default=None, metavar="CODE")
@json_option
@actor_option
@pass_app
def list_(app, state, facility, as_json, actor) -> None:
    """Audits at the facilities you may read, oldest first."""
    from dataclasses import asdict

    from audit_engine.services.pages.reads import audits_for

    listed = audits_for(app.uow(), actor=acting(app, actor), state=state, facility=facility)
    emit([_without_number(asdict(a)) for a in listed], as_json)


def _without_number(row: dict) -> dict:
    row.pop("number")
    return row


@group.command("show")
@click.argument("audit")
@json_option
@actor_option
@pass_app
def show(app, audit, as_json, actor) -> None:
    """One audit: state, people, scores, findings and actions."""
    from audit_engine.services.pages.reads import audit_summary_for

    emit(audit_summary_for(app.uow(), app.clock, actor=acting(app, actor), audit=AuditId(audit)),
         as_json)


def _step_command(name: str):
    """`audit NAME`: one step of the audit workflow, its help and --reason from the table."""

    @click.argument("audit")
    @expect_version_option
    @actor_option
    @pass_app
    def command(app, audit, expect_version, actor, reason=None) -> None:
        from audit_engine.services.review.audit_steps import take_audit_step

        who = acting(app, actor)
        done = take_audit_step(app.uow(), app.clock, actor=who, audit=AuditId(audit), event=name,
                               expected_version=expect_version, reason=reason,
                               final_report=lambda: app.final_report_hook())
        click.echo(f"{done.audit}: {done.before} -> {done.after}")
        if done.extra is not None:
            click.echo(f"final report: {done.extra.path} (sha256 {done.extra.sha256})")

    command.__doc__ = AUDIT.steps[name].help
    if AUDIT.needs_reason(name):
        command = click.option("--reason", required=True, help="Why (kept in the trail).")(command)
    return group.command(name)(command)


for _step in AUDIT.events:
    _step_command(_step)


@group.command("steps")
@click.argument("audit")
@json_option
@actor_option
@pass_app
def steps(app, audit, as_json, actor) -> None:
    """The steps you may take from AUDIT's state now, or why not."""
    from audit_engine.services.pages.reads import audit_steps_for

    shown = audit_steps_for(app.uow(), app.clock, actor=acting(app, actor), audit=AuditId(audit))
    if as_json:
        emit(list(shown), True)
        return
    for step in shown:
        why = "" if step.allowed else f" (not now: {step.reason or 'not yours to take'})"
        flag = " --reason" if step.needs_reason else ""
        click.echo(f"{step.event}{flag}: {step.label}{why}")


@group.command("answers")
@click.argument("audit")
@click.option("--unanswered", is_flag=True, help="Only criteria without a result.")
@json_option
@actor_option
@pass_app
def answers(app, audit, unanswered, as_json, actor) -> None:
    """The audit's criteria with their current answers: what is left to do."""
    from dataclasses import asdict

    from audit_engine.services.pages.answer_sheet import answer_sheet

    lines = answer_sheet(app.uow(), app.clock, actor=acting(app, actor), audit=AuditId(audit),
                         unanswered=unanswered)
    emit([asdict(line) for line in lines], as_json,
         ["criterion", "level", "result", "evidence", "title"])
