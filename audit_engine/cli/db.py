"""`audit-engine db`."""

import click

from audit_engine.cli.common import emit, json_option, pass_app
from audit_engine.services.administration import setup


@click.group("db")
def group() -> None:
    """Database schema."""


@group.command("upgrade")
@pass_app
def upgrade(app) -> None:
    """Upgrade the database schema to this version's head."""
    before, after = setup.upgrade_database(app.engine, app.secret_box)
    click.echo(f"database schema: {before or 'empty'} -> {after}")


@group.command("status")
@json_option
@pass_app
def status(app, as_json: bool) -> None:
    """Show the schema revision of the database and of this code."""
    emit(setup.database_status(app.engine), as_json)
