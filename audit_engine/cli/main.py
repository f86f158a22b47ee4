"""`audit-engine`: the root command. Groups load lazily so `--help` stays fast."""

from __future__ import annotations

import importlib
import os
import sys

import click

# name -> (module:attribute, one-line help shown by `audit-engine --help` without importing it)
COMMAND_GROUPS: dict[str, tuple[str, str]] = {
    "checklists": ("audit_engine.cli.checklists:group", "Checklist catalogs: list, show, diff."),
    "config": ("audit_engine.cli.config:group", "Show the effective settings."),
    "db": ("audit_engine.cli.db:group", "Database schema: upgrade, status."),
    "backup": ("audit_engine.cli.backup:backup", "Back up the database and files (no keys)."),
    "restore": ("audit_engine.cli.backup:restore", "Restore a backup into an empty install."),
    "init": ("audit_engine.cli.setup:init", "Create or upgrade the database, load checklists."),
    "demo": ("audit_engine.cli.demo:demo", "Run the product end to end on a fresh database."),
    "risk": ("audit_engine.cli.risk:group", "Five Step Risk Assessment per facility and year."),
    "report": ("audit_engine.cli.report:group", "Render PDF reports: audit, portfolio, actions."),
    "action": ("audit_engine.cli.action:group", "Corrective actions: add, list, work them."),
    "answer": ("audit_engine.cli.answer:answer", "Record a criterion result (fieldwork)."),
    "archive": ("audit_engine.cli.archive:group", "Audit archives: verify (no database needed)."),
    "audit": ("audit_engine.cli.audit:group", "Plan audits and move them through their workflow."),
    "evidence": ("audit_engine.cli.evidence:group", "Evidence files: add, list, get."),
    "facility": ("audit_engine.cli.facility:group", "Facilities: add, list."),
    "finding": ("audit_engine.cli.finding:group", "Findings: list, confirm, dismiss."),
    "log": ("audit_engine.cli.log:group", "The tamper-evident audit trail: show, verify."),
    "user": ("audit_engine.cli.user:group", "Users and roles: add, list, set-password."),
    "workflow": ("audit_engine.cli.workflow:group", "Workflow diagrams (Mermaid)."),
    "outbox": ("audit_engine.cli.outbox:group", "The e-mail outbox: list, retry."),
    "program": ("audit_engine.cli.program:group", "Audit programs: recurring audits per period."),
    "reminder": ("audit_engine.cli.reminder:group", "Reminder rules and opt-outs."),
    "scheduler": ("audit_engine.cli.scheduler:group", "The scheduler: run, tick, status."),
    "serve": ("audit_engine.cli.serve:serve", "Serve the web pages and the HTTP API."),
    "storage": ("audit_engine.cli.storage:group", "Stored files: migrate to object storage."),
    "subscription": ("audit_engine.cli.subscription:group", "Reports mailed on a schedule."),
    "token": ("audit_engine.cli.token:group", "Personal API tokens: create, list, revoke."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_GROUPS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMAND_GROUPS:
            return None
        module, attribute = COMMAND_GROUPS[name][0].split(":")
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMAND_GROUPS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="audit-engine")
def cli() -> None:
    """Internal CTPAT supply-chain security audits: plan, run, report, remind."""


def entry() -> None:
    """Console script: map every outcome to one line and an exit code."""
    sys.exit(run(sys.argv[1:]))


def run(argv: list[str]) -> int:
    bad = _not_utf8(argv)
    if bad is not None:
        return fail(bad, 2)
    try:
        result = cli.main(argv, prog_name="audit-engine", standalone_mode=False)
    except click.UsageError as exc:
        hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        return fail(f"{exc.format_message()}{hint}", 2)
    except click.ClickException as exc:
        return fail(exc.format_message(), exc.exit_code)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        return fail("aborted", 1)
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except Exception as exc:
        code = _user_error_code(exc)
        if code is not None:
            return fail(str(exc), code)
        # a bug, not a user mistake: still one line unless asked
        if os.environ.get("AUDIT_ENGINE_DEBUG"):
            raise
        return fail(
            f"unexpected failure: {type(exc).__name__}: {exc} "
            "(set AUDIT_ENGINE_DEBUG=1 for the traceback)",
            1,
        )
    return result if isinstance(result, int) else 0


def _user_error_code(exc: Exception) -> int | None:
    """The exit code the one error map gives a user's mistake; None for anything else (a bug)."""
    # Imported on failure, not with this module: `--help` needs no error map, and importing
    # the map's module (its dataclass table, the words it marks) cost ~3 ms of every start.
    from audit_engine.domain.errors import AuditEngineError, meaning_of

    return meaning_of(exc).exit_code if isinstance(exc, AuditEngineError) else None


def _not_utf8(argv: list[str]) -> str | None:
    """Arguments arrive as bytes; one that is not UTF-8 (Python keeps it as surrogates) is
    refused here, naming it, before any command stores or prints it."""
    for number, argument in enumerate(argv, 1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = argument.encode("utf-8", "backslashreplace").decode("ascii", "replace")
            return f"argument {number} ({shown[:60]}) is not valid UTF-8"
    return None


def fail(message: str, code: int) -> int:
    first_line = message.strip().splitlines()[0] if message.strip() else "failed"
    click.echo(f"error: {first_line}", err=True)
    return code
