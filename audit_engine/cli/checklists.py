"""`audit-engine checklists`: list, show, validate and diff checklist catalogs (no database)."""

from __future__ import annotations

from pathlib import Path

import click

from audit_engine.cli.common import InputPath, emit, format_table, json_option, pass_app, plain
from audit_engine.domain.rules.profile_rows import ProfileRowsRefused
from audit_engine.services.administration import checklists as service
from audit_engine.services.administration import profile_import
from audit_engine.services.administration.checklist_views import FieldChangeView

LIST_COLUMNS = ("id", "version", "kind", "criteria", "entity_types", "effective", "extends")
SHOW_COLUMNS = ("id", "level", "wording", "category", "title")


def _all_files(app) -> list[Path]:
    settings = app.settings
    return service.all_checklist_files(settings.shipped_checklists_dir, settings.checklist_dirs)


@click.group("checklists")
def group() -> None:
    """Checklist catalogs: the shipped CTPAT criteria and company checklists."""


@group.command("list")
@json_option
@pass_app
def list_command(app, as_json: bool) -> None:
    """List every loaded catalog (shipped and configured)."""
    emit(service.list_catalogs(app.catalogs()), as_json, LIST_COLUMNS)


@group.command("show")
@click.argument("ref", metavar="ID[@VERSION]")
@click.option("--entity", "entity_type", metavar="TYPE", help="Only criteria for this entity type.")
@click.option("--lang", "language", metavar="CODE", default="en", show_default=True,
              help="Text in this language; criteria without it are shown in English and listed.")
@json_option
@pass_app
def show_command(app, ref: str, entity_type: str | None, language: str, as_json: bool) -> None:
    """Show a catalog and its criteria, with levels as of today."""
    view = service.show_catalog(
        app.catalogs(), ref, on=app.clock.now().date(), entity_type=entity_type,
        language=app.languages.checked(language, where="--lang"),
    )
    if as_json:
        emit(view, True)
        return
    header = {"id": view.id, "version": view.version, "title": view.title,
              "effective": view.effective, "source": view.source,
              "content_hash": view.content_hash, "extends": view.extends,
              "entity_type": view.entity_type or "all"}
    if view.profile:
        p = view.profile
        header["profile"] = (f"{p.status}: {p.criteria} criteria ({p.cbp} cbp, "
                             f"{p.secondary} secondary, {p.assumed} assumed)")
    if view.used_by:
        header["used_by"] = ", ".join(view.used_by)
    emit(header, False)
    click.echo()
    columns = SHOW_COLUMNS if not entity_type else ("id", "level", "confidence", *SHOW_COLUMNS[2:])
    rows = [{**row, "title": f"(English) {row['title']}" if row["in_english"] else row["title"]}
            for row in plain(view.criteria)]
    click.echo(format_table(rows, columns))
    if view.language != "en":
        _echo_gaps(view)


def _echo_gaps(view) -> None:
    click.echo()
    if not view.gaps:
        click.echo(f"every criterion shown has text in {view.language}")
        return
    click.echo(f"no text in {view.language}, shown in English ({len(view.gaps)}): "
               + ", ".join(view.gaps))


@group.command("validate")
@click.argument("paths", nargs=-1, type=InputPath(folder_ok=True))
@pass_app
@click.pass_context
def validate_command(ctx: click.Context, app, paths: tuple[Path, ...]) -> None:
    """Check checklist files (default: every shipped and configured one). Exit 2 on problems."""
    checked, problems = service.validate_checklists(
        paths, all_files=_all_files(app), cache_dir=app.settings.cache_dir
    )
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if problems:
        ctx.exit(2)
    click.echo(f"ok: {checked} checklist file(s) valid")


@group.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--entity", "entity_type", metavar="TYPE",
              help="Compare only the criteria of this entity type's profiles.")
@json_option
@pass_app
def diff_command(app, old: str, new: str, entity_type: str | None, as_json: bool) -> None:
    """Criteria added, removed and changed from OLD to NEW (each a file, ID or ID@VERSION)."""
    result = service.diff(
        app.catalogs(), old, new, context_files=_all_files(app), cache_dir=app.settings.cache_dir,
        entity_type=entity_type,
    )
    if as_json:
        emit(result, True)
        return
    click.echo(f"{result.old} -> {result.new}")
    for item in result.added:
        click.echo(f"added    {item.id}  [{item.level_history}]  {item.title}")
    for item in result.removed:
        click.echo(f"removed  {item.id}  [{item.level_history}]  {item.title}")
    for item in result.changed:
        click.echo(f"changed  {item.id}  ({', '.join(item.kinds)})")
        for change in item.changes:
            click.echo(f"    {change.field}: {_describe(change)}")
    if not (result.added or result.removed or result.changed):
        click.echo("no differences in criteria")


def _describe(change: FieldChangeView) -> str:
    old, new = change.old, change.new
    if change.field == "levels":
        return f"{service.level_history_dicts(old)} -> {service.level_history_dicts(new)}"
    if isinstance(old, list) and change.field in ("entity_types", "related"):
        gained = [f"+{v}" for v in new if v not in old]
        lost = [f"-{v}" for v in old if v not in new]
        return " ".join(gained + lost)
    if isinstance(old, list):
        return f"{len(old)} -> {len(new)} items"
    return "text changed" if len(f"{old}{new}") > 80 else f"{old!r} -> {new!r}"


@group.group("profile")
def profile_group() -> None:
    """Entity profiles: complete one from the member's own CBP document."""


@profile_group.command("import")
@click.argument("sheet", metavar="FILE", type=InputPath())
@click.option("--entity", "entity_type", required=True, metavar="TYPE", help="Entity type key.")
@click.option("--id", "catalog_id", required=True, metavar="ID", help="Id of the new checklist.")
@click.option("--base", default="ctpat-msc", show_default=True, metavar="ID[@VERSION]",
              help="The catalog the ids are checked against and the checklist extends.")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="FILE",
              help="Write the checklist here (default: print it).")
@json_option
@pass_app
@click.pass_context
def profile_import_command(ctx, app, sheet, entity_type, catalog_id, base, output, as_json):
    """Read `id, level` rows (CSV or XLSX) and write a checklist complete for TYPE. Exit 2 with
    every bad row named."""
    try:
        view = profile_import.import_profile(
            app.catalogs(), sheet, entity_type=entity_type, catalog_id=catalog_id,
            base_ref=base, output=output, context_files=_all_files(app),
            today=app.clock.now().date(),
        )
    except ProfileRowsRefused as refused:
        for problem in refused.problems:
            click.echo(f"error: {problem}", err=True)
        ctx.exit(2)
    if as_json:
        emit({k: v for k, v in vars(view).items() if k != "text"}, True)
    elif view.path is None:
        click.echo(view.text, nl=False)
    else:
        click.echo(f"wrote {view.path}: {view.catalog} extends {view.extends}, complete for "
                   f"{view.entity_type} ({view.criteria} criteria; {len(view.added)} added, "
                   f"{len(view.removed)} removed, {len(view.made_must)} made must)")
