"""`audit-engine facility add, list, edit, language`."""

import click

from audit_engine.cli.administration import facility_edit
from audit_engine.cli.common import actor_option, emit, json_option, pass_app
from audit_engine.cli.lifecycle_options import acting


@click.group("facility")
def group() -> None:
    """Facilities (sites) that get audited."""


@group.command("add")
@click.argument("code")
@click.option("--name", required=True)
@click.option("--entity-type", required=True, help="CTPAT entity type key, e.g. us_importer.")
@click.option("--country", default=None, help="Two-letter ISO country code.")
@click.option("--manager", default=None, metavar="EMAIL", help="Facility manager (a user).")
@click.option("--time-zone", default=None, metavar="ZONE",
              help="IANA time zone, e.g. Asia/Shanghai (default: the server's).")
@actor_option
@pass_app
def add(app, code, name, entity_type, country, manager, time_zone, actor) -> None:
    """Add a facility (admins only)."""
    from audit_engine.services.administration.people import add_facility

    who = acting(app, actor)
    view = add_facility(
        app.uow(),
        app.clock,
        actor=who,
        code=code,
        name=name,
        entity_type=entity_type,
        country=country,
        manager=manager,
        time_zone=time_zone,
    )
    click.echo(f"added facility {view.code} ({view.entity_type})")


@group.command("list")
@json_option
@actor_option
@pass_app
def list_(app, as_json, actor) -> None:
    """The facilities where the acting user holds a role (every one for a role without one)."""
    from audit_engine.services.administration.reads import facilities_for

    emit(facilities_for(app.uow(), actor=acting(app, actor)), as_json)


group.add_command(facility_edit)


@group.command("language")
@click.argument("code")
@click.argument("language", required=False, default="")
@actor_option
@pass_app
def language_(app, code, language, actor) -> None:
    """Set the language of mail to CODE's people who chose none (en, es; none: English)."""
    from audit_engine.services.administration.languages import set_facility_language

    chosen = set_facility_language(app.uow(), app.clock, actor=acting(app, actor), code=code,
                                   language=language, check=app.languages.checked)
    click.echo(f"{code} default language: {chosen or 'en'}")
