"""`audit-engine init`."""

import click

from audit_engine.cli.common import pass_app
from audit_engine.services.administration import setup


@click.command("init")
@pass_app
def init(app) -> None:
    """Create or upgrade the database in AUDIT_ENGINE_HOME and load the checklists."""
    result = setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    click.echo(f"database schema: {result.schema_before or 'empty'} -> {result.schema_after}")
    added = ", ".join(result.catalogs_added) or "none new"
    click.echo(f"checklist catalogs: {result.catalogs_known} loaded, registered: {added}")
    from audit_engine.services.anchoring.anchor import ensure_key

    created = ensure_key(app.uow(), app.trail_keys, app.checkpoints(), app.clock)
    if created:
        click.echo(created)
