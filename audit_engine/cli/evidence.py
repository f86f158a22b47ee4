"""`audit-engine evidence add|list|get`."""


from pathlib import Path

import click

from audit_engine.cli.common import InputPath, actor_option, emit, json_option, pass_app
from audit_engine.cli.lifecycle_options import acting, expect_version_option, optional_date
from audit_engine.domain.rules.lifecycle import AuditId, EvidenceId


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
    from audit_engine.services.fieldwork.evidence import add_evidence

    who = acting(app, actor)
    view = add_evidence(
        app.uow(),
        app.clock,
        app.evidence_store(),
        actor=who,
        audit=AuditId(audit),
        path=file,
        criteria=list(criteria),
        valid_until=optional_date(valid_until, "--valid-until"),
        expected_version=expect_version,
    )
    click.echo(
        f"{view.id} {view.name} sha256:{view.sha256[:12]} -> {', '.join(view.criteria)}"
    )


@group.command("list")
@click.argument("audit")
@json_option
@actor_option
@pass_app
def list_(app, audit, as_json, actor) -> None:
    """Evidence linked to AUDIT's criteria or attached to its corrective actions."""
    from audit_engine.services.pages.reads import evidence_for

    emit(
        evidence_for(app.uow(), actor=acting(app, actor), audit=AuditId(audit)),
        as_json,
        ["id", "name", "media_type", "size", "valid_until", "criteria", "actions"],
    )


@group.command("get")
@click.argument("evidence")
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("."), show_default=True,
              help="Folder to write the file into, under its original name.")
@actor_option
@pass_app
def get(app, evidence, out_dir, actor) -> None:
    """Write evidence E-n to a folder under its original name, its SHA-256 checked (exit 6 if
    the stored file does not match)."""
    from audit_engine.services.fieldwork.evidence_out import save_evidence

    who = acting(app, actor)
    done = save_evidence(app.uow(), app.evidence_store(), actor=who, evidence=EvidenceId(evidence),
                         out_dir=out_dir)
    click.echo(f"{done.path}  sha256 {done.sha256} ({done.bytes} bytes, checked)")
