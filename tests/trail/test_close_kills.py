"""`audit close` killed at random moments (real processes, SIGKILL to the command and its render
worker): an audit is never left closed without its final report and `report.final` event.

CI runs a few kills; AUDIT_ENGINE_CLOSE_KILLS=50 gives the figure in docs/workflow.md.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from hashlib import sha256
from itertools import product

import pytest

from audit_engine.services.actions import actions
from audit_engine.services.planning import planning
from audit_engine.services.review import findings
from tests.acting import as_cli
from tests.conftest import COMMAND
from tests.lifecycle import world
from tests.lifecycle.world import CHECKLIST, LEAD, MANAGER, OFFICER, OWNER

pytestmark = pytest.mark.slow
KILLS = int(os.environ.get("AUDIT_ENGINE_CLOSE_KILLS", "3"))


def ready_to_close(app, tmp_path, period: str, facility: str) -> str:
    row = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(OFFICER),
                            facility=facility, checklist=CHECKLIST, period=period, lead=LEAD)
    audit = row.id
    must, _ = world.must_and_should(app, audit)
    world.to_review(app, audit, tmp_path, {must: "non_compliant"}, LEAD)
    [finding] = findings.list_findings(app.uow(), audit)
    findings.confirm_finding(app.uow(), app.clock, actor=as_cli(OFFICER), finding=finding.id)
    manager = MANAGER if facility == world.FACILITY else world.OTHER_MANAGER
    owner = OWNER if facility == world.FACILITY else manager
    action = actions.add_action(app.uow(), app.clock, actor=as_cli(OFFICER), finding=finding.id,
                                owner=owner, plan="Fix the fence").id
    world.transitions.approve_audit(app.uow(), app.clock, actor=as_cli(manager), audit=audit)
    world.verified(app, action, owner)
    return audit


def state_of(cli, home, audit: str) -> str:
    """closed+report, open, or BROKEN (closed without its report, or a report that is not it)."""
    shown = json.loads(cli("audit", "show", audit, "--json", "--as", OFFICER).stdout)
    status = shown.get("status") or shown.get("audit", {}).get("status")
    trail = json.loads(cli("log", "show", audit, "--json", "--as", OFFICER).stdout)
    finals = [e["payload"] for e in trail if e["action"] == "report.final"]
    if status != "closed":
        return "open" if not finals else "BROKEN"
    if len(finals) != 1:
        return "BROKEN"
    stored = home / "reports" / finals[0]["file"]
    ok = stored.is_file() and sha256(stored.read_bytes()).hexdigest() == finals[0]["sha256"]
    return "closed+report" if ok else "BROKEN"


def close_command(home, database_url, audit: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
    env.update(AUDIT_ENGINE_HOME=str(home), AUDIT_ENGINE_DATABASE_URL=database_url)
    return subprocess.Popen([str(COMMAND), "audit", "close", audit, "--as", OFFICER], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)  # its own group: the render worker dies too


def test_a_killed_close_never_leaves_an_audit_closed_without_its_report(
        app, cli, home, database_url, tmp_path, capsys):
    world.cast(app)
    slots = iter(product(range(2027, 2040), (1, 2, 3, 4), (world.FACILITY, "MX-01")))

    def next_audit() -> str:
        year, quarter, facility = next(slots)
        return ready_to_close(app, tmp_path, f"{year}-Q{quarter}", facility)

    first = next_audit()
    started = time.monotonic()
    assert close_command(home, database_url, first).wait() == 0
    full = time.monotonic() - started
    assert state_of(cli, home, first) == "closed+report"
    rng, outcomes, audit = random.Random(15), [], next_audit()
    for _ in range(KILLS):
        command = close_command(home, database_url, audit)
        time.sleep(rng.uniform(0, full))
        if command.poll() is None:
            os.killpg(command.pid, signal.SIGKILL)
        command.wait()
        outcome = state_of(cli, home, audit)
        outcomes.append(outcome)
        with capsys.disabled():
            print(f"kill {len(outcomes)}: {audit} {outcome}", flush=True)
        if outcome != "open":
            audit = next_audit()
    with capsys.disabled():
        print(f"\nclose killed {KILLS} times (a close takes {full:.1f} s): "
              f"{outcomes.count('closed+report')} closed with their report, "
              f"{outcomes.count('open')} left in remediation, "
              f"{outcomes.count('BROKEN')} closed without their report")
    assert "BROKEN" not in outcomes
    assert cli("log", "verify").returncode == 0
