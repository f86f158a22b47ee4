"""`audit-engine token create|list|revoke`: personal API tokens for the HTTP API."""

from dataclasses import asdict

import click

from audit_engine.cli.common import Whole, actor_option, emit, json_option, pass_app
from audit_engine.cli.lifecycle_options import acting
from audit_engine.domain.formats.inputs import parse_number_id


@click.group("token")
def group() -> None:
    """Personal API tokens: create, list, revoke."""


@group.command("create")
@click.option("--name", required=True, help="What the token is for, e.g. 'ERP sync'.")
@click.option("--expires", type=Whole(1, 36_500), default=None, metavar="DAYS",
              help="Expire after DAYS.")
@click.option("--read-only", is_flag=True, help="The token may read but never write.")
@actor_option
@pass_app
def create(app, name, expires, read_only, actor) -> None:
    """Create a token acting as you; the secret is printed once, as the last line."""
    from audit_engine.services.integrations.tokens import create_token

    who = acting(app, actor)
    made = create_token(
        app.uow(), app.clock, actor=who, name=name, expires_days=expires, read_only=read_only
    )
    until = made.token.expires_at.date().isoformat() if made.token.expires_at else "never"
    mode = "read-only" if read_only else "read-write"
    click.echo(f"token {made.token.id} '{made.token.name}' for {who} ({mode}, expires {until})")
    click.echo("store it now: it is not shown again", err=True)
    click.echo(made.secret)


@group.command("list")
@click.option("--all", "everyone", is_flag=True, help="Every user's tokens (admins).")
@json_option
@actor_option
@pass_app
def list_(app, everyone, as_json, actor) -> None:
    """Your tokens (never their secrets), newest first."""
    from audit_engine.services.integrations.tokens import list_tokens

    who = acting(app, actor)
    rows = [asdict(t) for t in list_tokens(app.uow(), app.clock, actor=who, everyone=everyone)]
    columns = ["id", "name", "owner", "prefix", "read_only", "state", "expires_at", "last_used_at"]
    emit(rows, as_json, None if as_json else columns)


@group.command("revoke")
@click.argument("token_id")
@actor_option
@pass_app
def revoke(app, token_id, actor) -> None:
    """Revoke a token at once (yours; an admin: anyone's)."""
    from audit_engine.services.integrations.tokens import revoke_token

    number = parse_number_id("token", token_id)
    who = acting(app, actor)
    view = revoke_token(app.uow(), app.clock, actor=who, token_id=number)
    click.echo(f"token {view.id} '{view.name}' of {view.owner} is revoked")
