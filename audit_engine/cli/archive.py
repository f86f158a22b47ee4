"""`audit-engine archive verify FILE.zip`: needs no database and no home."""

from __future__ import annotations

import click

from audit_engine.cli.common import InputPath


@click.group("archive")
def group() -> None:
    """Audit archives (made by `audit archive`)."""


@group.command("verify")
@click.argument("file", type=InputPath())
def verify(file) -> None:
    """Check every file of an audit archive, its trail segment and final report; exit 6 naming
    each edited, added or missing file."""
    from audit_engine.services.reports.archive_verify import verify_archive

    report = verify_archive(file)
    if not report.ok:
        for problem in report.problems:
            click.echo(f"error: {problem}", err=True)
        click.echo(f"error: {file}: the archive does not verify", err=True)
        raise click.exceptions.Exit(6)
    click.echo(f"{file}: {report.audit} verifies ({report.files} files)")
    for line in report.checked:
        click.echo(f"  checked: {line}")
    for line in report.not_checked:
        click.echo(f"  not checked offline: {line}")
