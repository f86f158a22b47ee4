"""`audit-engine config`."""

import click

from audit_engine.bootstrap.settings import describe
from audit_engine.cli.common import emit, json_option, pass_app


@click.group("config")
def group() -> None:
    """Effective settings (environment AUDIT_ENGINE_*, optional TOML file, defaults)."""


@group.command("show")
@json_option
@pass_app
def show(app, as_json: bool) -> None:
    """Print every effective setting, secrets masked."""
    emit(describe(app.settings), as_json)
