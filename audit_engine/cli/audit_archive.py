"""`audit-engine audit archive AUDIT -o FILE.zip` or `--period P -o DIR`: closed audits to hand
over, checkable without the database (`audit-engine archive verify`)."""

from __future__ import annotations

from pathlib import Path

import click

from audit_engine.cli.common import actor_option, pass_app
from audit_engine.cli.lifecycle_options import acting
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.rules.lifecycle import AuditId


@click.command("archive")
@click.argument("audit", required=False)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The .zip to write; with --period, an existing folder.")
@click.option("--period", default=None, metavar="YYYY-Qn",
              help="Every closed audit of this quarter, one ZIP each, into -o DIR.")
@actor_option
@pass_app
def archive(app, audit, output, period, actor) -> None:
    """Final report, audit JSON, evidence and trail of a closed AUDIT, with a manifest."""
    from audit_engine.services.reports import archive as service

    who = acting(app, actor)
    if bool(audit) == bool(period):
        raise InvalidInput("name one closed AUDIT, or give --period P (not both)")
    store, reports = app.evidence_store(), app.report_store()
    if period:
        made = service.archive_period(app.uow(), store, reports, app.clock, actor=who,
                                      period=period, out_dir=output)
    else:
        made = (service.archive_audit(app.uow(), store, reports, app.clock, actor=who,
                                      audit=AuditId(audit), output=output),)
    for done in made:
        click.echo(f"{done.path}: {done.audit}, {done.evidence} evidence file(s), "
                   f"{done.events} trail events, sha256 {done.sha256}")
