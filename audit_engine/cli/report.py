"""`audit-engine report ...`: audit reports, the managers' portfolio, corrective actions."""

from __future__ import annotations

from pathlib import Path

import click

from audit_engine.cli.common import actor_option, pass_app
from audit_engine.cli.lifecycle_options import acting
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.services.reports import rendering


@click.group(name="report")
def group() -> None:
    """Render reports (PDF) from report_templates/ or AUDIT_ENGINE_TEMPLATE_DIR."""


@group.command(name="audit")
@click.argument("audit", required=False)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (default ./<AUDIT>-report.pdf); with --all-closed, a folder.")
@click.option("--format", "fmt", type=click.Choice(rendering.FORMATS), default="pdf",
              show_default=True)
@click.option("--all-closed", is_flag=True, help="Every closed audit of --period, in a batch.")
@click.option("--period", help="With --all-closed: the period, e.g. 2027-Q1.")
@click.option("--lang", "language", default="en", show_default=True, metavar="CODE",
              help="The report's language (en, es, or a catalogue of your own).")
@actor_option
@pass_app
def audit_report(app, audit, output, fmt, all_closed, period, language, actor) -> None:
    """The report of one AUDIT, or of every closed audit of a period you may read."""
    from audit_engine.services.reports.reads import audit_report_for

    language = app.languages.checked(language, where="--lang")
    if all_closed:
        _batch(app, audit, output, fmt, period, actor, language)
        return
    if not audit:
        raise InvalidInput("name an AUDIT, or use --all-closed --period P -o DIR")
    done = audit_report_for(app.uow(), app.renderer(), app.clock, actor=acting(app, actor),
                            audit=AuditId(audit), output=output, fmt=fmt, language=language,
                            extras=app.report_extras())
    click.echo(f"{done.path}  sha256 {done.sha256}")


def _batch(app, audit, output, fmt, period, actor, language) -> None:
    from audit_engine.services.reports.reads import closed_reports_for
    from audit_engine.services.reports.rendering import in_language

    if audit or fmt != "pdf" or not period or output is None:
        raise InvalidInput("--all-closed takes --period P and -o DIR, no AUDIT, PDF only")
    summary = closed_reports_for(app.uow(), app.renderer(), app.clock, actor=acting(app, actor),
                                 period=period, out_dir=output,
                                 extras=in_language(app.report_extras(), language))
    click.echo(summary.line(), err=True)
    for path in summary.written:
        click.echo(str(path))
    for label, reason in summary.failed:
        click.echo(f"failed: {label}: {reason}", err=True)
    if summary.failed:
        raise click.exceptions.Exit(1)


@group.command(name="portfolio")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (default ./portfolio.pdf or ./portfolio.xlsx).")
@click.option("--format", "fmt", type=click.Choice(["pdf", "xlsx"]), default="pdf",
              show_default=True, help="xlsx: the facility x category grid, same numbers.")
@click.option("--lang", "language", default="en", show_default=True, metavar="CODE",
              help="The report's language (en, es, or a catalogue of your own).")
@actor_option
@pass_app
def portfolio(app, output, fmt, language, actor) -> None:
    """Each facility's latest audit, scores by category, overdue actions, audits due: every
    facility you may read the portfolio of."""
    from audit_engine.services.reports import reads

    who, language = acting(app, actor), app.languages.checked(language, where="--lang")
    if fmt == "xlsx":
        from audit_engine.cli.exports import write_export

        table = reads.portfolio_table_for(app.uow(), app.clock, actor=who)
        write_export(table, "xlsx", output, "portfolio")
        return
    done = reads.portfolio_for(app.uow(), app.renderer(), app.clock, actor=who, output=output,
                               language=language, criteria_text=app.languages.criteria_text)
    click.echo(f"{done.path}  sha256 {done.sha256}")


@group.command(name="actions")
@click.option("--owner", metavar="EMAIL", help="Only this owner's actions.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Output file (default ./corrective-actions.pdf).")
@click.option("--lang", "language", default="en", show_default=True, metavar="CODE",
              help="The report's language (en, es, or a catalogue of your own).")
@actor_option
@pass_app
def actions(app, owner, output, language, actor) -> None:
    """Open and overdue corrective actions at the facilities you may read."""
    from audit_engine.services.reports.reads import actions_report_for

    done = actions_report_for(app.uow(), app.renderer(), app.clock, actor=acting(app, actor),
                              owner=owner, output=output,
                              language=app.languages.checked(language, where="--lang"),
                              criteria_text=app.languages.criteria_text)
    click.echo(f"{done.path}  sha256 {done.sha256}")


@group.command(name="finalize")
@click.argument("audit")
@actor_option
@pass_app
def finalize(app, audit, actor) -> None:
    """Make the missing final report of AUDIT, closed before close stored it (exit 5 when it
    has one)."""
    from audit_engine.services.review.closing import finalize_report

    who = acting(app, actor)
    done = finalize_report(app.uow(), app.clock, app.final_report_hook(), actor=who,
                           audit=AuditId(audit))
    click.echo(f"final report: {done.path} (sha256 {done.sha256})")
