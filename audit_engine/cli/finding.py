"""`audit-engine finding list|confirm|dismiss`. Findings are numbered `F-<n>`."""

import click

from audit_engine.cli.common import actor_option, emit, json_option, pass_app
from audit_engine.cli.exports import export_options, wants_file, write_export
from audit_engine.cli.lifecycle_options import acting, expect_version_option
from audit_engine.domain.rules.lifecycle import AuditId, FindingId, Severity


@click.group("finding")
def group() -> None:
    """Findings drafted when an audit is submitted."""


@group.command("list")
@click.argument("audit")
@json_option
@export_options
@actor_option
@pass_app
def list_(app, audit, as_json, fmt, output, actor) -> None:
    """Findings of AUDIT."""
    from audit_engine.services.pages.reads import findings_for

    who = acting(app, actor)
    if wants_file(fmt, output):
        from audit_engine.services.reports.reads import findings_table_for

        table = findings_table_for(app.uow(), app.clock, actor=who, audit=AuditId(audit))
        write_export(table, fmt, output, f"findings-{audit.upper()}")
        return
    emit(
        findings_for(app.uow(), actor=who, audit=AuditId(audit)),
        as_json,
        ["finding_label", "level", "result", "severity", "status", "reason"],
    )


def _decision(name: str, doc: str):
    @click.argument("finding")
    @click.option(
        "--severity",
        default=None,
        type=click.Choice([s.value for s in Severity]),
        help="Change the severity (lead auditor only, with --reason).",
    )
    @click.option("--reason", default=None, help="Why (required to dismiss or re-grade).")
    @expect_version_option
    @actor_option
    @pass_app
    def command(app, finding, severity, reason, expect_version, actor) -> None:
        from audit_engine.services.review import findings

        who = acting(app, actor)
        if name == "confirm":
            view = findings.confirm_finding(
                app.uow(),
                app.clock,
                actor=who,
                finding=FindingId(finding),
                severity=severity,
                reason=reason,
                expected_version=expect_version,
            )
        else:
            view = findings.dismiss_finding(
                app.uow(),
                app.clock,
                actor=who,
                finding=FindingId(finding),
                reason=reason,
                expected_version=expect_version,
            )
        click.echo(f"{view.id}: {view.status} ({view.severity})")

    command.__doc__ = doc
    return group.command(name)(command)


_decision("confirm", "Confirm a draft finding.")
_decision("dismiss", "Dismiss a draft finding (needs --reason).")
