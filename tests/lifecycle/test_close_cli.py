"""`audit close` through the installed command stores the final report and records it."""

import json
from pathlib import Path

import pytest

from tests.lifecycle import world
from tests.lifecycle.world import OFFICER

pytestmark = pytest.mark.slow


def test_closing_from_the_command_line_stores_the_final_report(app, cli, tmp_path):
    audit = world.ready_to_close(app, tmp_path)

    closed = cli("audit", "close", audit, "--as", OFFICER)

    assert closed.returncode == 0, closed.stderr
    assert f"{audit}: remediation -> closed" in closed.stdout
    report_line = next(line for line in closed.stdout.splitlines() if line.startswith("final"))
    stored = Path(report_line.split()[2])
    assert stored.read_bytes().startswith(b"%PDF")
    trail = json.loads(cli("log", "show", audit, "--json", "--as", OFFICER).stdout)
    assert any(event["action"] == "report.final" for event in trail)
    assert cli("log", "verify").returncode == 0
