"""`audit close` through the installed command stores the final report and records it."""

import json
from pathlib import Path

import pytest

from audit_engine.services.actions import actions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import OFFICER, OWNER

pytestmark = pytest.mark.slow


def test_closing_from_the_command_line_stores_the_final_report(app, cli, tmp_path):
    world.cast(app)
    audit = world.plan(app)
    [action] = world.to_remediation(app, audit, tmp_path)
    for actor, event in ((OWNER, "start"), (OWNER, "implement"), (OFFICER, "verify")):
        actions.act_on(
            app.uow(),
            app.clock,
            app.evidence_store(),
            actor=as_cli(actor),
            action=action,
            event=event,
            note="done",
        )

    closed = cli("audit", "close", audit, "--as", OFFICER)

    assert closed.returncode == 0, closed.stderr
    assert f"{audit}: remediation -> closed" in closed.stdout
    report_line = next(line for line in closed.stdout.splitlines() if line.startswith("final"))
    stored = Path(report_line.split()[2])
    assert stored.read_bytes().startswith(b"%PDF")
    trail = json.loads(cli("log", "show", audit, "--json", "--as", OFFICER).stdout)
    assert any(event["action"] == "report.final" for event in trail)
    assert cli("log", "verify").returncode == 0
