"""Real concurrent processes on one audit: exactly one wins, the other exits 5, nothing half-done.
Also: a process killed in the middle of `evidence add` leaves the store and the trail intact."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import time

import pytest
from sqlalchemy import create_engine, text

from tests.acting import as_cli
from tests.conftest import COMMAND
from tests.lifecycle import world
from tests.lifecycle.world import LEAD, MANAGER, OFFICER

pytestmark = pytest.mark.slow


def _env(home, database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
    env.update(AUDIT_ENGINE_HOME=str(home), AUDIT_ENGINE_DATABASE_URL=database_url)
    return env


def _race(env, *commands):
    procs = [
        subprocess.Popen(
            [str(COMMAND), *c], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for c in commands
    ]
    return [(p.wait(timeout=120), p.stderr.read()) for p in procs]


def test_two_approvers_at_once_one_wins(app, cli, home, database_url, tmp_path):
    world.cast(app)
    audit = world.plan(app, lead=LEAD)
    world.to_review(app, audit, tmp_path)  # all compliant: approve has nothing to wait for
    version = json.loads(cli("audit", "show", audit, "--json", "--as", OFFICER).stdout)["version"]
    outcomes = _race(
        _env(home, database_url),
        ["audit", "approve", audit, "--expect-version", str(version), "--as", MANAGER],
        ["audit", "approve", audit, "--expect-version", str(version), "--as", OFFICER],
    )
    codes = sorted(code for code, _ in outcomes)
    assert codes == [0, 5], outcomes
    loser = next(err for code, err in outcomes if code == 5)
    assert "changed by someone else" in loser
    events = json.loads(cli("log", "show", audit, "--json", "--as", OFFICER).stdout)
    assert [e["action"] for e in events].count("audit.approve") == 1
    assert cli("log", "verify").returncode == 0


def test_answer_and_cancel_race(app, cli, home, database_url):
    world.cast(app)
    audit = world.plan(app)
    cli("audit", "start", audit, "--as", LEAD)
    version = json.loads(cli("audit", "show", audit, "--json", "--as", OFFICER).stdout)["version"]
    outcomes = _race(
        _env(home, database_url),
        [
            "answer",
            audit,
            "1.1",
            "--result",
            "compliant",
            "--expect-version",
            str(version),
            "--as",
            LEAD,
        ],
        [
            "audit",
            "cancel",
            audit,
            "--reason",
            "site closed",
            "--expect-version",
            str(version),
            "--as",
            OFFICER,
        ],
    )
    assert sorted(code for code, _ in outcomes) == [0, 5], outcomes
    shown = json.loads(cli("audit", "show", audit, "--json", "--as", OFFICER).stdout)
    answered = shown["answered"].startswith("1/")
    assert answered != (shown["status"] == "cancelled")  # exactly one of the two landed
    assert shown["version"] == version + 1


def test_killed_evidence_add_leaves_no_orphans(app, cli, home, database_url, tmp_path):
    world.cast(app)
    audit = world.plan(app)
    cli("audit", "start", audit, "--as", LEAD)
    env = _env(home, database_url)
    for attempt, delay in enumerate([0.4, 0.8, 1.2, 1.6, 2.5]):
        big = tmp_path / f"scan-{attempt}.pdf"
        big.write_bytes(os.urandom(20 * 1024 * 1024))
        proc = subprocess.Popen(
            [str(COMMAND), "evidence", "add", audit, str(big), "--criterion", "1.1", "--as", LEAD],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    store = home / "evidence"
    for path in store.rglob("*"):
        if path.is_file() and ".tmp" not in path.parts:
            assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name, path
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sha256 FROM evidence")).scalars().all()
    engine.dispose()
    for sha in rows:
        assert (store / sha[:2] / sha).is_file(), f"row without its file: {sha}"
    assert cli("log", "verify").returncode == 0


def test_log_verify_is_not_fooled_by_an_append_while_it_reads(app):
    """A write committing between verify's head read and its event scan is not tampering
    (PostgreSQL reads each statement afresh under READ COMMITTED)."""
    from sqlalchemy import event

    from audit_engine.services.administration import people
    from audit_engine.services.trail import verify_log

    world.cast(app)
    fired = []

    def append_once(conn, cursor, statement, parameters, context, executemany):
        if fired or "trail_head" not in statement or "FOR UPDATE" in statement.upper():
            return
        fired.append(statement)  # another user's write lands right after verify read the head
        people.add_facility(app.uow(), app.clock, actor=as_cli(world.ADMIN), code="CA-01",
                            name="Toronto", entity_type="us_importer")

    event.listen(app.engine, "after_cursor_execute", append_once)
    try:
        report = verify_log(app.uow())
    finally:
        event.remove(app.engine, "after_cursor_execute", append_once)
    assert fired, "verify did not read the trail head"
    assert report.ok, report.problem
    assert verify_log(app.uow()).ok
