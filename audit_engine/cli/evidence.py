"""`audit-engine evidence add|list`."""


import click

from audit_engine.cli.common import InputPath, actor_option, emit, json_option, pass_app
from audit_engine.cli.lifecycle_options import acting, expect_version_option, optional_date


@click.group("evidence")
def group() -> None:
    """Evidence files backing an audit's answers."""


@group.command("add")
@click.argument("audit")
@click.argument("file", type=InputPath())
@click.option(
    "--criterion",
    "criteria",
    multiple=True,
    required=True,
    metavar="ID",
    help="Criterion this file backs; repeat for several.",
)
@click.option(
    "--valid-until",
    default=None,
    metavar="DATE",
    help="Later audits of the facility may reuse the file until this date.",
)
@expect_version_option
@actor_option
@pass_app
def add(app, audit, file, criteria, valid_until, expect_version, actor) -> None:
    """Store FILE (content-addressed) and link it to criteria of AUDIT."""
    from audit_engine.services.audits.evidence import add_evidence

    who = acting(app, actor)
    view = add_evidence(
        app.uow(),
        app.clock,
        app.evidence_store(),
        actor=who,
        audit=audit,
        path=file,
        criteria=list(criteria),
        valid_until=optional_date(valid_until, "--valid-until"),
        expected_version=expect_version,
    )
    click.echo(
        f"{view['id']} {view['name']} sha256:{view['sha256'][:12]} -> {', '.join(view['criteria'])}"
    )


@group.command("list")
@click.argument("audit")
@json_option
@pass_app
def list_(app, audit, as_json) -> None:
    """Evidence linked to AUDIT."""
    from audit_engine.services.audits.evidence import list_evidence

    app.require_schema()
    emit(
        list_evidence(app.uow(), audit),
        as_json,
        ["id", "name", "media_type", "size", "valid_until", "criteria"],
    )
