"""`audit-engine log show|verify|checkpoint|rotate-key`: the tamper-evident trail."""

from dataclasses import asdict

import click

from audit_engine.cli.common import actor_option, emit, json_option, pass_app
from audit_engine.domain.errors import IntegrityBroken, KeysNotChecked
from audit_engine.domain.rules.lifecycle import AuditId


class TrailBroken(IntegrityBroken):
    """`log verify` found the trail edited, deleted, reordered or off its checkpoints."""


@click.group("log")
def group() -> None:
    """The audit trail."""


@group.command("show")
@click.argument("audit")
@json_option
@actor_option
@pass_app
def show(app, audit, as_json, actor) -> None:
    """Every trail event of AUDIT, oldest first (for those who may read the audit)."""
    from audit_engine.cli.lifecycle_options import acting
    from audit_engine.services.pages.reads import trail_for

    events = trail_for(app.uow(), actor=acting(app, actor), audit=AuditId(audit))
    if as_json:
        emit(events, True)
        return
    emit(
        [{**asdict(e), "hash": e.hash[:12], "payload": _short(e.payload)} for e in events],
        False,
        ["seq", "at", "actor", "action", "subject", "payload", "hash"],
    )


def _short(payload: dict) -> str:
    text = ", ".join(f"{k}={v}" for k, v in payload.items() if v not in (None, "", []))
    return text if len(text) <= 80 else text[:77] + "..."


@group.command("verify")
@click.option("--deep", is_flag=True,
              help="Also replay the trail against audits, answers, findings and actions, and "
                   "re-hash every evidence file and final report.")
@pass_app
def verify(app, deep) -> None:
    """Check the chain, its keys, the head and the checkpoints; exit 6 naming what is wrong,
    7 when the keys could not be checked."""
    from audit_engine.services.anchoring.deep_check import check_log

    app.require_schema()
    checked = check_log(app.uow(), app.trail_keys, app.checkpoints(),
                        evidence_store=app.evidence_store() if deep else None,
                        reports=app.report_store() if deep else None)
    report, problems = checked.report, checked.problems
    for problem in problems[1:]:
        click.echo(f"also: {problem}", err=True)
    if problems:
        raise TrailBroken(f"audit trail broken: {problems[0]}")
    _intact(app, report)
    if deep:
        click.echo("records and files agree with the trail")
    if report.unchecked:
        raise KeysNotChecked("trail keys not checked: restore the key file (or point "
                             "AUDIT_ENGINE_TRAIL_KEY_FILE at it) and verify again")


def _intact(app, report) -> None:
    for line in report.restores:
        click.echo(f"restore: {line}")
    if report.unchecked:
        click.echo(f"audit trail structure intact: {report.events} events, "
                   f"{report.checkpoints} checkpoints agree")
        for reason in report.unchecked:
            click.echo(f"keys NOT checked: {reason}")
        return
    click.echo(f"audit trail intact: {report.events} events ({report.keyed} keyed), "
               f"{report.checkpoints} checkpoints agree")
    if not report.checkpoints:
        click.echo(f"no checkpoints yet in {app.checkpoints().where}: a deleted tail with "
                   "a reset head would not show")


@group.command("checkpoint")
@pass_app
def checkpoint(app) -> None:
    """Append the current head, signed, to the checkpoint file (also done at every close and
    daily by the scheduler)."""
    from audit_engine.services.anchoring.anchor import write_checkpoint

    app.require_schema()
    log = app.checkpoints()
    written = write_checkpoint(app.uow(), app.trail_keys, log, app.clock, "manual")
    click.echo(f"checkpoint: event #{written.seq} {written.hash} -> {log.where}")


@group.command("rotate-key")
@actor_option
@pass_app
def rotate_key(app, actor) -> None:
    """Start signing with a new trail key (admins); old keys stay in the key file."""
    from audit_engine.cli.lifecycle_options import acting
    from audit_engine.services.anchoring.anchor import rotate_key as rotate

    who = acting(app, actor)
    anchor = rotate(app.uow(), app.trail_keys, app.clock, actor=who)
    click.echo(f"trail key rotated: now {anchor.key_id} (event #{anchor.seq}); "
               f"{app.trail_keys.path} keeps the old keys")
