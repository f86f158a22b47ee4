"""`audit-engine audit workbook export|import`: fieldwork offline in a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import click

from audit_engine.cli.common import InputPath, actor_option, pass_app
from audit_engine.cli.lifecycle_options import acting
from audit_engine.domain.formats.workbook import WorkbookConflict, WorkbookRefused
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.reporting.files import write_atomically as write_output


@click.group("workbook")
def workbook() -> None:
    """The audit workbook (XLSX): export to fill offline, import the answers back."""


@workbook.command("export")
@click.argument("audit")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="The .xlsx file to write (default ./<AUDIT>-<FACILITY>-<P>.xlsx).")
@actor_option
@pass_app
def export(app, audit, output, actor) -> None:
    """One row per criterion of AUDIT, with a drop-down of results and a signed hidden sheet."""
    from audit_engine.services.fieldwork.workbook_export import export_workbook

    who = acting(app, actor)
    done = export_workbook(app.uow(), key=app.workbook_key(), actor=who, audit=AuditId(audit))
    path = write_output(output or Path(done.filename), done.data)
    click.echo(f"{path}: {done.audit} version {done.version}, {done.criteria} criteria")


@workbook.command("import")
@click.argument("audit")
@click.argument("file", type=InputPath())
@click.option("--evidence-dir", type=InputPath(folder_ok=True),
              default=None, help="Folder holding the evidence files the sheet names.")
@click.option("--dry-run", is_flag=True, help="Check and show the changes; write nothing.")
@actor_option
@pass_app
def import_(app, audit, file, evidence_dir, dry_run, actor) -> None:
    """Check every row of FILE, then apply all its answers to AUDIT in one transaction."""
    from audit_engine.services.fieldwork.workbook_import import import_workbook

    who = acting(app, actor)
    try:
        done = import_workbook(app.uow(), app.clock, app.evidence_store(),
                               key=app.workbook_key(), actor=who, audit=AuditId(audit), path=file,
                               evidence_dir=evidence_dir, dry_run=dry_run)
    except WorkbookRefused as refused:
        _fail([f"error: {p}" for p in refused.problems], refused.exit_code,
              f"{len(refused.problems)} problem(s); nothing was written")
    except WorkbookConflict as conflict:
        _fail([f"conflict: {c}" for c in conflict.criteria], conflict.exit_code,
              f"{conflict} (changed both in the workbook and in the audit since export; "
              "export again); nothing was written")
    verb = "would change" if dry_run else "changed"
    for change in done.changes:
        click.echo(f"{change.criterion}: {change.before.result or '-'} -> {change.after.result}")
    for new in done.files:
        click.echo(f"{new.criterion}: + evidence {new.name}")
    click.echo(f"{done.audit}: {verb} {len(done.changes)} answer(s), "
               f"{len(done.files)} evidence file(s); version {done.version}")


def _fail(lines: list[str], code: int, summary: str) -> None:
    for line in lines:
        click.echo(line, err=True)
    click.echo(f"error: {summary}", err=True)
    raise click.exceptions.Exit(code)
