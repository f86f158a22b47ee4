"""`audit-engine log show|verify`: the tamper-evident trail."""

import click

from audit_engine.cli.common import emit, json_option, pass_app
from audit_engine.domain.errors import AuditEngineError


class TrailBroken(AuditEngineError):
    exit_code = 6


@click.group("log")
def group() -> None:
    """The audit trail."""


@group.command("show")
@click.argument("audit")
@json_option
@pass_app
def show(app, audit, as_json) -> None:
    """Every trail event of AUDIT, oldest first."""
    from audit_engine.services.trail import show_log

    app.require_schema()
    events = show_log(app.uow(), audit)
    if as_json:
        emit(events, True)
        return
    emit(
        [{**e, "hash": e["hash"][:12], "payload": _short(e["payload"])} for e in events],
        False,
        ["seq", "at", "actor", "action", "subject", "payload", "hash"],
    )


def _short(payload: dict) -> str:
    text = ", ".join(f"{k}={v}" for k, v in payload.items() if v not in (None, "", []))
    return text if len(text) <= 80 else text[:77] + "..."


@group.command("verify")
@pass_app
def verify(app) -> None:
    """Check the whole chain; exit 6 naming the first edited, deleted or reordered event."""
    from audit_engine.services.trail import verify_log

    app.require_schema()
    report = verify_log(app.uow())
    if not report.ok:
        raise TrailBroken(f"audit trail broken: {report.problem}")
    click.echo(f"audit trail intact: {report.events} events")
