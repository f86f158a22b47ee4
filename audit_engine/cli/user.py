"""`audit-engine user add|list|set-password` (and edit|grant|revoke|deactivate|reactivate|
unlock)."""

import click

from audit_engine.cli.administration import USER_COMMANDS
from audit_engine.cli.common import actor_option, emit, json_option, optional_actor, pass_app
from audit_engine.domain.actor import Actor
from audit_engine.domain.rules.lifecycle import Role


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
    who = optional_actor(app, actor)  # None: the first user
    view = add_user(
        app.uow(),
        app.clock,
        actor=who,
        email=email,
        name=name,
        roles=list(roles),
        facilities=list(facilities),
    )
    click.echo(f"added user {view.email} ({', '.join(view.roles)})")


@group.command("list")
@json_option
@actor_option
@pass_app
def list_(app, as_json, actor) -> None:
    """Every user with their roles (role@FACILITY when limited to one); for admins."""
    from audit_engine.cli.lifecycle_options import acting
    from audit_engine.services.administration.reads import users_for

    emit(users_for(app.uow(), actor=acting(app, actor)), as_json,
         ["email", "name", "active", "roles"])


@group.command("set-password")
@click.argument("email")
@click.option("--password-stdin", "from_stdin", is_flag=True,
              help="Read the password from standard input (one line) instead of prompting.")
@actor_option
@pass_app
def set_password_(app, email, from_stdin, actor) -> None:
    """Set a user's web password (at least 12 characters); their web sessions end.

    For the first admin and for operators on the server; everyone else uses the invitation or
    reset link sent by mail. The trail records who set it (--as, or "operator")."""
    from audit_engine.services.administration.account_links import set_password

    app.require_schema()
    if from_stdin:
        password = click.get_text_stream("stdin").readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    who = optional_actor(app, actor) or Actor("operator", "cli")
    email = set_password(app.uow(), app.clock, app.password_hasher, actor=who, email=email,
                         password=password)
    click.echo(f"password set for {email}")


@group.command("language")
@click.argument("email")
@click.argument("language", required=False, default="")
@actor_option
@pass_app
def language_(app, email, language, actor) -> None:
    """Set the language EMAIL reads pages and mail in (en, es; none: their facility's)."""
    from audit_engine.cli.lifecycle_options import acting
    from audit_engine.services.administration.languages import set_user_language

    chosen = set_user_language(app.uow(), app.clock, actor=acting(app, actor), email=email,
                               language=language, check=app.languages.checked)
    click.echo(f"{email} reads {chosen or 'their facility' + chr(39) + 's language'}")


for _command in USER_COMMANDS:
    group.add_command(_command)
