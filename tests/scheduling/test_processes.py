"""Real processes: a dispatcher killed mid-send, and two `scheduler run` services."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from collections import Counter
from datetime import datetime

import pytest

from audit_engine.services.calendar import reminder_rules
from tests.acting import as_cli
from tests.conftest import COMMAND
from tests.scheduling.conftest import at
from tests.scheduling.rows import due_rows

pytestmark = pytest.mark.slow


def environment(home, database_url, smtp_port=None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
    env.update(AUDIT_ENGINE_HOME=str(home), AUDIT_ENGINE_DATABASE_URL=database_url,
               AUDIT_ENGINE_MAIL_FROM="audit@example.com")
    if smtp_port:
        env.update(AUDIT_ENGINE_MAIL_TRANSPORT="smtp", AUDIT_ENGINE_SMTP_HOST="127.0.0.1",
                   AUDIT_ENGINE_SMTP_PORT=str(smtp_port), AUDIT_ENGINE_SMTP_TIMEOUT="10")
    return env


def test_killed_mid_dispatch_resends_at_most_the_one_in_flight(world, smtp, home,
                                                              database_url):
    reminder_rules.set_rule(world.uow(), world.clock, actor=as_cli("co@example.com"),
                            key="weekly_digest", enabled=False)
    due_rows(world, at("2027-01-04T07:00"), 6)
    smtp.hold, smtp.hold_after = threading.Event(), 2
    env = environment(home, database_url, smtp.port)
    tick = [str(COMMAND), "scheduler", "tick", "--at", "2027-01-04T07:00"]
    process = subprocess.Popen(tick, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(smtp.messages) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)  # messages 1 and 2 went through; 3 is held in DATA
    assert len(smtp.messages) == 3
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    smtp.hold.set()
    in_flight = smtp.message_ids()[2]
    # Restart after the stuck-claim timeout: the reaper hands back what was claimed.
    again = subprocess.run([str(COMMAND), "scheduler", "tick", "--at", "2027-01-04T07:30"],
                           env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    counts = Counter(smtp.message_ids())
    assert len(counts) == 6, counts  # every message delivered
    duplicated = [mid for mid, n in counts.items() if n > 1]
    assert duplicated in ([], [in_flight])  # only the message in flight may go twice
    assert counts[in_flight] <= 2


def read_ticks(text: str) -> list[datetime]:
    return [datetime.strptime(m, "%Y-%m-%d %H:%M:%S,%f")
            for m in re.findall(r"^(\S+ \S+) INFO audit_engine.scheduler: job tick done", text,
                                re.M)]


def wait_for(condition, what: str, seconds: float = 90) -> None:
    """Poll instead of sleeping a fixed time: a loaded machine is slow, not wrong."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_two_schedulers_never_both_fire_and_the_standby_takes_over(app, home, database_url,
                                                                   tmp_path):
    env = environment(home, database_url)
    run = [str(COMMAND), "scheduler", "run", "--interval", "0.3", "--lease", "2"]
    paths = [tmp_path / f"scheduler-{n}.log" for n in (1, 2)]
    logs = [path.open("w") for path in paths]  # noqa: SIM115  (closed below)
    text = [lambda n=n: paths[n].read_text() for n in (0, 1)]
    first = subprocess.Popen(run, env=env, stdout=logs[0], stderr=logs[0])
    wait_for(lambda: read_ticks(text[0]()), "the first scheduler's first tick")
    second = subprocess.Popen(run, env=env, stdout=logs[1], stderr=logs[1])
    wait_for(lambda: "standby" in text[1](), "the second scheduler to stand by")
    ticks_before = len(read_ticks(text[0]()))
    wait_for(lambda: len(read_ticks(text[0]())) >= ticks_before + 3, "the leader to keep firing")
    killed_at = datetime.now()
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    wait_for(lambda: read_ticks(text[1]()), "the standby to take over")
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=60) == 0  # stops cleanly on SIGTERM
    for log in logs:
        log.close()
    ticks_first, ticks_second = read_ticks(text[0]()), read_ticks(text[1]())
    assert "standby" in text[1]()
    # Never both: the standby's first tick comes after the leader died.
    assert max(ticks_first) < killed_at < min(ticks_second)
    assert "scheduler stopped" in text[1]()
