"""`audit-engine user edit|grant|revoke|deactivate|reactivate` and `facility edit`."""

from __future__ import annotations

from dataclasses import asdict

import click

from audit_engine.cli.common import actor_option, emit, json_option, pass_app
from audit_engine.cli.lifecycle_options import acting
from audit_engine.domain.rules.lifecycle import Role

ROLE = click.Choice([r.value for r in Role])


def _print_user_change(changed, as_json: bool) -> None:
    if as_json:
        emit(asdict(changed), True)
        return
    click.echo(f"{changed.email}: {changed.detail}")
    if changed.open_actions:
        click.echo(f"still owns {', '.join(changed.open_actions)}: reassign with "
                   "`audit-engine action reassign CA-n --owner EMAIL`")


@click.command("edit")
@click.argument("email")
@click.option("--name", required=True, help="The new full name.")
@json_option
@actor_option
@pass_app
def user_edit(app, email, name, as_json, actor) -> None:
    """Change a user's name (admins)."""
    from audit_engine.services.administration.user_changes import edit_user

    _print_user_change(edit_user(app.uow(), app.clock, actor=acting(app, actor), email=email,
                                 name=name), as_json)


def _grant_command(name: str, verb: str, doc: str) -> click.Command:
    @click.command(name, help=doc)
    @click.argument("email")
    @click.option("--role", required=True, type=ROLE)
    @click.option("--facility", default=None, metavar="CODE",
                  help="Only at this facility (default: every facility).")
    @json_option
    @actor_option
    @pass_app
    def command(app, email, role, facility, as_json, actor) -> None:
        from audit_engine.services.administration import user_changes

        service = getattr(user_changes, verb)
        _print_user_change(service(app.uow(), app.clock, actor=acting(app, actor), email=email,
                                   role=role, facility=facility), as_json)

    return command


user_grant = _grant_command("grant", "grant_role", "Give a user a role (admins).")
user_revoke = _grant_command(
    "revoke", "revoke_role", "Take a role from a user (admins; never the last admin).")


def _active_command(name: str, active: bool, doc: str) -> click.Command:
    @click.command(name, help=doc)
    @click.argument("email")
    @json_option
    @actor_option
    @pass_app
    def command(app, email, as_json, actor) -> None:
        from audit_engine.services.administration.user_changes import set_user_active

        _print_user_change(set_user_active(app.uow(), app.clock, actor=acting(app, actor),
                                           email=email, active=active), as_json)

    return command


user_deactivate = _active_command(
    "deactivate", False,
    "Deactivate a user: cannot act, gets no mail; lists the actions they still own.")
user_reactivate = _active_command("reactivate", True, "Let a deactivated user act again.")
@click.command("unlock")
@click.argument("email")
@json_option
@actor_option
@pass_app
def user_unlock(app, email, as_json, actor) -> None:
    """Lift a sign-in lock someone else caused by failing on purpose (admins)."""
    from audit_engine.services.administration.user_changes import lift_sign_in_lock

    _print_user_change(lift_sign_in_lock(app.uow(), app.clock, actor=acting(app, actor),
                                         email=email), as_json)


USER_COMMANDS = (user_edit, user_grant, user_revoke, user_deactivate, user_reactivate,
                 user_unlock)


@click.command("edit")
@click.argument("code")
@click.option("--name", default=None)
@click.option("--country", default=None, help="Two-letter ISO country code.")
@click.option("--manager", default=None, metavar="EMAIL", help="Facility manager (a user).")
@click.option("--entity-type", default=None, help="Only while the facility has no audit.")
@click.option("--time-zone", default=None, metavar="ZONE",
              help="IANA time zone, e.g. America/Mexico_City ('' for the server's).")
@json_option
@actor_option
@pass_app
def facility_edit(app, code, name, country, manager, entity_type, time_zone, as_json,
                  actor) -> None:
    """Change a facility (admins)."""
    from audit_engine.services.administration.facility_changes import edit_facility

    changed = edit_facility(app.uow(), app.clock, actor=acting(app, actor), code=code,
                            name=name, country=country, manager=manager,
                            entity_type=entity_type, time_zone=time_zone)
    if as_json:
        emit(asdict(changed), True)
        return
    for field, change in changed.changes.items():
        click.echo(f"{changed.code}: {field} {change['from']} -> {change['to']}")
