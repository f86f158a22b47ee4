"""`audit-engine user add|list`."""

import click

from audit_engine.cli.common import actor_option, emit, json_option, pass_app, resolve_actor
from audit_engine.domain.lifecycle import Role


@click.group("user")
def group() -> None:
    """People and their roles (scoped to facilities)."""


@group.command("add")
@click.argument("email")
@click.option("--name", required=True, help="Full name.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="Role; repeat for several.",
)
@click.option(
    "--facility",
    "facilities",
    multiple=True,
    metavar="CODE",
    help="Limit the roles to this facility; repeat for several (default: all).",
)
@actor_option
@pass_app
def add(app, email, name, roles, facilities, actor) -> None:
    """Add a user. The first user of an empty database must be an admin and needs no --as."""
    from audit_engine.services.administration.people import add_user

    app.require_schema()
    who = resolve_actor(app, actor, required=False)
    view = add_user(
        app.uow(),
        app.clock,
        actor=who,
        email=email,
        name=name,
        roles=list(roles),
        facilities=list(facilities),
    )
    click.echo(f"added user {view['email']} ({', '.join(view['roles'])})")


@group.command("list")
@json_option
@pass_app
def list_(app, as_json) -> None:
    """Every user with their roles (role@FACILITY when limited to one)."""
    from audit_engine.services.administration.people import list_users

    app.require_schema()
    emit(list_users(app.uow()), as_json, ["email", "name", "roles"])
