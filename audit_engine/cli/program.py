"""`audit-engine program add|list|pause|resume`: recurring audit programs."""

import click

from audit_engine.cli.common import Whole, actor_option, emit, json_option, pass_app
from audit_engine.cli.lifecycle_options import acting, optional_date
from audit_engine.domain.rules.lifecycle import AuditId


@click.group("program")
def group() -> None:
    """Audit programs: recurring audits the scheduler opens each period."""


@group.command("add")
@click.option("--facility", required=True, metavar="CODE")
@click.option("--checklist", required=True, metavar="ID")
@click.option("--every", default="quarter", show_default=True, help="Cadence (quarter).")
@click.option(
    "--start-month",
    type=Whole(1, 12),
    default=1,
    show_default=True,
    metavar="M",
    help="Openings fall on the 1st of this month and every 3 months after it.",
)
@click.option("--fieldwork-days", type=Whole(1, 366), default=3, show_default=True, metavar="N")
@click.option(
    "--lead",
    default=None,
    metavar="EMAIL",
    help="Lead auditor for its audits (default: the acting user, if an auditor).",
)
@click.option(
    "--from",
    "first_from",
    default=None,
    metavar="DATE",
    help="First opening on or after this date (default: today).",
)
@click.option(
    "--allow-partial-profile",
    is_flag=True,
    help="Plan even though the checklist's profile for the facility's entity type is partial.",
)
@actor_option
@pass_app
def add(
    app, facility, checklist, every, start_month, fieldwork_days, lead, first_from,
    allow_partial_profile, actor,
) -> None:  # fmt: skip
    """Add a program; the scheduler opens one audit per period from then on."""
    from audit_engine.services.calendar.programs import add_program

    who = acting(app, actor)
    view = add_program(
        app.uow(),
        app.clock,
        app.catalogs(),
        actor=who,
        facility=facility,
        checklist=checklist,
        every=every,
        start_month=start_month,
        fieldwork_days=fieldwork_days,
        lead=lead,
        first_from=optional_date(first_from, "--from"),
        allow_partial_profile=allow_partial_profile,
    )
    click.echo(
        f"added program {view.id}: {view.facility} {view.checklist} every "
        f"{view.every}, first audit opens {view.next_opening}"
    )


@group.command("list")
@json_option
@actor_option
@pass_app
def list_(app, as_json, actor) -> None:
    """Every program at the acting user's facilities, with its next opening."""
    from audit_engine.services.calendar.reads import programs_for

    emit(programs_for(app.uow(), actor=acting(app, actor)), as_json)


def _set_paused(paused: bool):
    @click.argument("program")
    @actor_option
    @pass_app
    def command(app, program, actor) -> None:
        from audit_engine.services.calendar.programs import set_paused

        view = set_paused(
            app.uow(), app.clock, actor=acting(app, actor), program=program, paused=paused
        )
        click.echo(f"program {view.id} {'paused' if paused else 'resumed'}")

    return command


group.command("pause", help="Stop opening audits for a program (PROGRAM is P-<n>).")(
    _set_paused(True)
)
group.command("resume", help="Open audits again, catching up missed periods.")(_set_paused(False))


@group.command("reschedule")
@click.argument("audit")
@click.option("--start", required=True, metavar="DATE", help="New first day of fieldwork.")
@click.option("--days", type=Whole(1, 366), default=None,
              help="New length in days (default: same).")
@actor_option
@pass_app
def reschedule(app, audit, start, days, actor) -> None:
    """Move a program audit's fieldwork window; attendees get an updated invite."""
    from audit_engine.bootstrap.tick_wiring import mail_domain
    from audit_engine.services.calendar.fieldwork_window import move_fieldwork

    view = move_fieldwork(
        app.uow(),
        app.clock,
        actor=acting(app, actor),
        audit=AuditId(audit),
        starts_on=optional_date(start, "--start"),
        days=days,
        mail_domain=mail_domain(app),
    )
    click.echo(
        f"fieldwork of {view.audit} moved to {view.starts_on}..{view.ends_on} "
        f"(invite sequence {view.sequence})"
    )
