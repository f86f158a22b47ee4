"""`audit-engine action add|list|start|implement|verify|reject`. Actions are `CA-<n>`."""


import click

from audit_engine.cli.common import InputPath, actor_option, emit, json_option, pass_app
from audit_engine.cli.exports import export_options, wants_file, write_export
from audit_engine.cli.lifecycle_options import acting, expect_version_option, optional_date
from audit_engine.domain.rules.lifecycle import ActionId, AuditId, FindingId


@click.group("action")
def group() -> None:
    """Corrective actions for confirmed findings."""


@group.command("add")
@click.argument("finding")
@click.option("--owner", required=True, metavar="EMAIL")
@click.option(
    "--due",
    default=None,
    metavar="DATE",
    help="Due date (default by severity: AUDIT_ENGINE_ACTION_DUE_DAYS).",
)
@click.option("--plan", required=True, metavar="TEXT")
@click.option("--root-cause", default="", metavar="TEXT")
@expect_version_option
@actor_option
@pass_app
def add(app, finding, owner, due, plan, root_cause, expect_version, actor) -> None:
    """Add a corrective action to a confirmed finding."""
    from audit_engine.services.actions.actions import add_action

    who = acting(app, actor)
    view = add_action(
        app.uow(),
        app.clock,
        actor=who,
        finding=FindingId(finding),
        owner=owner,
        plan=plan,
        due=optional_date(due, "--due"),
        root_cause=root_cause,
        due_days=app.action_due_days(),
        expected_version=expect_version,
    )
    click.echo(f"{view.id} for {view.finding}: owner {view.owner}, due {view.due}")


@group.command("list")
@click.option("--audit", default=None)
@click.option("--overdue", is_flag=True, help="Only actions past due and not verified.")
@json_option
@export_options
@actor_option
@pass_app
def list_(app, audit, overdue, as_json, fmt, output, actor) -> None:
    """Corrective actions at the facilities you may read (overdue is computed from the due
    date)."""
    from audit_engine.services.pages.reads import actions_for

    who = acting(app, actor)
    audit_id = AuditId(audit) if audit else None
    if wants_file(fmt, output):
        from audit_engine.services.reports.reads import actions_table_for

        table = actions_table_for(app.uow(), app.clock, actor=who, audit=audit_id, overdue=overdue)
        write_export(table, fmt, output, "corrective-actions")
        return
    emit(
        actions_for(app.uow(), app.clock, actor=who, audit=audit_id, overdue=overdue),
        as_json,
        ["id", "label", "audit", "owner", "due", "status", "overdue"],
    )


def _event(name: str, doc: str):
    @click.argument("action")
    @click.option("--note", default=None, help="Progress note (stored as given).")
    @click.option(
        "--evidence",
        type=InputPath(),
        default=None,
        help="A file showing the work.",
    )
    @expect_version_option
    @actor_option
    @pass_app
    def command(app, action, note, evidence, expect_version, actor) -> None:
        from audit_engine.services.actions.actions import act_on

        who = acting(app, actor)
        view = act_on(
            app.uow(),
            app.clock,
            app.evidence_store(),
            actor=who,
            action=ActionId(action),
            event=name,
            note=note,
            evidence=evidence,
            expected_version=expect_version,
        )
        click.echo(f"{view.id}: {view.status}")

    command.__doc__ = doc
    return group.command(name)(command)


_event("start", "Start work on the action (owner or facility manager).")
_event("implement", "Mark implemented (owner or facility manager).")
_event("verify", "Verify (not by the implementer; needs evidence or a note).")
_event("reject", "Send back to in_progress (needs --note as the reason).")


@group.command("reassign")
@click.argument("action")
@click.option("--owner", required=True, metavar="EMAIL",
              help="The new owner: an action owner or manager at the audit's facility.")
@json_option
@actor_option
@pass_app
def reassign(app, action, owner, as_json, actor) -> None:
    """Give an unverified action to another owner (compliance officers, facility managers)."""
    from dataclasses import asdict

    from audit_engine.services.actions.reassign import reassign_action

    moved = reassign_action(app.uow(), app.clock, actor=acting(app, actor), action=ActionId(action),
                            owner=owner)
    if as_json:
        emit(asdict(moved), True)
    else:
        click.echo(f"{moved.action}: owner {moved.previous_owner} -> {moved.owner}")
