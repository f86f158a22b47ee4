"""`audit-engine risk`: CBP's Five Step Risk Assessment per facility and year (`RA-<n>`).

open -> map (step 1) -> threat / vulnerability (steps 2-3) -> action (step 4) ->
document (step 5) -> complete. Action-plan items are corrective actions (`CA-<n>`), worked with
`audit-engine action start|implement|verify` like any other.
"""

from __future__ import annotations

from dataclasses import asdict

import click

from audit_engine.cli.common import actor_option, emit, json_option, pass_app
from audit_engine.cli.lifecycle_options import acting
from audit_engine.domain.rules.lifecycle import parse_date
from audit_engine.domain.rules.risk import RATINGS
from audit_engine.domain.rules.risk_steps import step_gaps, steps_in

LIST_COLUMNS = ("facility", "latest", "last_assessed", "next_due", "overdue")


@click.group("risk")
def group() -> None:
    """Five Step Risk Assessment (MSC 2.1): yearly per facility."""


def _show(view, as_json: bool, language: str = "en") -> None:
    data = asdict(view)
    if as_json:
        emit(data, True)
        return
    click.echo(f"{view.id}  facility {view.facility}  {view.year}  {view.status}"
               + (f"  assessed {view.assessed_on}, next due {view.next_due}"
                  if view.assessed_on else ""))  # fmt: skip
    titles = steps_in(language)
    for number, step in enumerate(view.steps, start=1):
        mark = "done" if step.done else f"open: {step.missing}"
        click.echo(f"  {number}. {_step_title(titles[step.key])}: {mark}")
    for item in view.items:
        actions = f" -> {', '.join(item.actions)}" if item.actions else ""
        click.echo(f"  {item.id} {item.kind} {item.rating}: {item.name}{actions}")
    for action in view.actions:
        click.echo(f"  {action.id} {action.status} due {action.due} {action.owner}: {action.plan}")


@group.command("open")
@click.option("--facility", required=True, metavar="CODE")
@click.option("--year", type=int, default=None, help="Default: this year.")
@actor_option
@json_option
@pass_app
def open_(app, facility, year, actor, as_json) -> None:
    """Open a facility's risk assessment for a year."""
    from audit_engine.services.risk.assessments import open_assessment

    view = open_assessment(app.uow(), app.clock, actor=acting(app, actor), facility=facility,
                           year=year)  # fmt: skip
    _show(view, as_json)


@group.command("map")
@click.argument("assessment", metavar="RA")
@click.option("--text", required=True, help="Cargo flow and business partners, origin to door.")
@actor_option
@json_option
@pass_app
def map_(app, assessment, text, actor, as_json) -> None:
    """Step 1: map the cargo flow and business partners."""
    _step(app, assessment, "map", text, actor, as_json)


@group.command("document")
@click.argument("assessment", metavar="RA")
@click.option("--text", required=True, help="How the assessment was conducted: who, sources.")
@actor_option
@json_option
@pass_app
def document(app, assessment, text, actor, as_json) -> None:
    """Step 5: document how the risk assessment was conducted."""
    _step(app, assessment, "documentation", text, actor, as_json)


def _step(app, assessment, step, text, actor, as_json) -> None:
    from audit_engine.services.risk.assessments import record_step

    view = record_step(app.uow(), app.clock, actor=acting(app, actor), assessment=assessment,
                       step=step, text=text)  # fmt: skip
    _show(view, as_json)


def _item_command(kind: str, step: int):
    @group.command(kind, help=f"Step {step}: rate a {kind} high, medium or low.")
    @click.argument("assessment", metavar="RA")
    @click.option("--name", required=True, metavar="TEXT")
    @click.option("--rating", required=True, type=click.Choice(RATINGS))
    @click.option("--criterion", default=None, metavar="ID", help="MSC criterion it concerns.")
    @click.option("--note", default="", metavar="TEXT")
    @actor_option
    @json_option
    @pass_app
    def command(app, assessment, name, rating, criterion, note, actor, as_json) -> None:
        from audit_engine.services.risk.assessments import add_item

        msc = next((c for c in app.catalogs() if c.id == "ctpat-msc"), None)
        view = add_item(app.uow(), app.clock, msc, actor=acting(app, actor),
                        assessment=assessment, kind=kind, name=name, rating=rating,
                        criterion=criterion, note=note)  # fmt: skip
        _show(view, as_json)

    return command


_item_command("threat", 2)
_item_command("vulnerability", 3)


@group.command("action")
@click.argument("assessment", metavar="RA")
@click.option("--owner", required=True, metavar="EMAIL")
@click.option("--due", required=True, metavar="DATE")
@click.option("--plan", required=True, metavar="TEXT")
@click.option("--item", default=None, metavar="RI", help="The threat or vulnerability it treats.")
@actor_option
@json_option
@pass_app
def action(app, assessment, owner, due, plan, item, actor, as_json) -> None:
    """Step 4: an action-plan item, as a corrective action (CA-<n>)."""
    from audit_engine.services.risk.assessments import add_plan_action

    view = add_plan_action(app.uow(), app.clock, actor=acting(app, actor),
                           assessment=assessment, owner=owner, due=parse_date(due, "--due"),
                           plan=plan, item=item)  # fmt: skip
    _show(view, as_json)


@group.command("complete")
@click.argument("assessment", metavar="RA")
@actor_option
@json_option
@pass_app
def complete(app, assessment, actor, as_json) -> None:
    """All five steps done: keep the record as evidence for 2.1 (and link open audits)."""
    from audit_engine.services.risk.assessments import complete_assessment

    view = complete_assessment(app.uow(), app.clock, app.evidence_store(),
                               actor=acting(app, actor), assessment=assessment)  # fmt: skip
    _show(view, as_json)


LANG_OPTION = click.option(
    "--lang", "language", metavar="CODE", default="en", show_default=True,
    help="Step titles in this language; a step without text in it is shown in English.")


def _step_title(text) -> str:
    return f"(English) {text.title}" if text.in_english else text.title


@group.command("show")
@click.argument("assessment", metavar="RA")
@LANG_OPTION
@actor_option
@json_option
@pass_app
def show(app, assessment, language, actor, as_json) -> None:
    """One assessment: its five steps, rated items and action plan."""
    from audit_engine.services.risk.assessments import show_assessment

    language = app.languages.checked(language, where="--lang")
    view = show_assessment(app.uow(), app.clock, actor=acting(app, actor), assessment=assessment)
    _show(view, as_json, language)


@group.command("steps")
@LANG_OPTION
@json_option
@pass_app
def steps(app, language, as_json) -> None:
    """CBP's five steps: title, what each asks, its wording mark and source."""
    language = app.languages.checked(language, where="--lang")
    texts = steps_in(language)
    if as_json:
        emit([{"step": key, **asdict(text)} for key, text in texts.items()], True)
        return
    for number, text in enumerate(texts.values(), start=1):
        click.echo(f"{number}. {_step_title(text)} [{text.wording}]")
        click.echo(f"   {text.text}\n   source: {text.source}")
    gaps = step_gaps(language)
    if gaps:
        click.echo(f"no text in {language}, shown in English ({len(gaps)}): " + ", ".join(gaps))


@group.command("list")
@actor_option
@json_option
@pass_app
def list_(app, actor, as_json) -> None:
    """Per facility: last completed assessment, next due, overdue when older than a year."""
    from audit_engine.services.risk.assessments import list_facility_risk

    lines = list_facility_risk(app.uow(), app.clock, actor=acting(app, actor))
    emit([asdict(line) for line in lines], as_json, LIST_COLUMNS)
