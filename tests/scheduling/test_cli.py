"""The installed command: programs, subscriptions, outbox, scheduler tick, and bad input."""

from __future__ import annotations

import json
import re

import pytest

from tests.scheduling.conftest import free_port

pytestmark = pytest.mark.slow
CO = ("--as", "co@example.com")


@pytest.fixture
def seeded(world, cli):
    return cli


def test_program_lifecycle_and_tick(seeded):
    cli = seeded
    added = cli("program", "add", "--facility", "F1", "--checklist", "ctpat-msc", "--every",
                "quarter", "--start-month", "2", "--lead", "lead@example.com", "--from",
                "2027-01-01", *CO)
    assert added.returncode == 0, added.stderr
    assert "first audit opens 2027-02-01" in added.stdout
    listed = json.loads(cli("program", "list", "--json", *CO).stdout)
    assert listed[0]["id"] == "P-1" and listed[0]["start_month"] == 2
    tick = cli("scheduler", "tick", "--at", "2027-02-01T07:00", "--json")
    assert tick.returncode == 0, tick.stderr
    summary = json.loads(tick.stdout)
    assert summary["programs"] == {"opened": 1, "program_errors": 0}
    assert summary["reminders"]["skipped_because"] == {} and summary["dispatch"]["sent"] >= 1
    sent = json.loads(cli("outbox", "list", "--status", "sent", "--json", *CO).stdout)
    assert {m["rule"] for m in sent} >= {"fieldwork_invite"}
    moved = cli("program", "reschedule", "A-1", "--start", "2027-02-22", *CO)
    assert "invite sequence 1" in moved.stdout, moved.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--facility", "NOPE", "--checklist", "ctpat-msc"), 4, "facility 'NOPE' not found"),
        (("--facility", "F1", "--checklist", "nope"), 4, "checklist 'nope' not found"),
        (("--facility", "F1", "--checklist", "ctpat-msc", "--start-month", "13"), 2,
         "'--start-month': 13 is outside 1-12"),
        (("--facility", "F1", "--checklist", "ctpat-msc", "--every", "week"), 2, "--every"),
    ],
)
def test_program_add_bad_input(seeded, args, code, message):
    result = seeded("program", "add", *args, "--lead", "lead@example.com", *CO)
    assert result.returncode == code and message in result.stderr
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr


def test_duplicate_program_is_a_conflict(seeded):
    args = ("program", "add", "--facility", "F1", "--checklist", "ctpat-msc", "--lead",
            "lead@example.com", *CO)
    assert seeded(*args).returncode == 0
    again = seeded(*args)
    assert again.returncode == 5 and "already has P-1" in again.stderr


def test_bad_at_status_ids_and_subscriptions(seeded):
    cli = seeded
    assert cli("scheduler", "tick", "--at", "next tuesday").returncode == 2
    assert cli("outbox", "list", "--status", "lost", *CO).returncode == 2
    assert cli("outbox", "retry", "999", *CO).returncode == 4
    not_allowed = cli("outbox", "retry", "999", "--as", "lead@example.com")
    assert not_allowed.returncode == 3 and "may not outbox.retry" in not_allowed.stderr
    bad_to = cli("subscription", "add", "--report", "portfolio", "--schedule", "weekly",
                 "--to", "bob", *CO)
    assert bad_to.returncode == 2 and "'bob' is not a valid e-mail" in bad_to.stderr
    bad_cron = cli("subscription", "add", "--report", "actions", "--schedule", "0 9 * * 9",
                   "--to", "a@example.com", *CO)
    assert bad_cron.returncode == 2 and "weekday 9" in bad_cron.stderr
    ok = cli("subscription", "add", "--report", "actions", "--schedule", "0 9 * * 1", "--to",
             "a@example.com", *CO)
    assert ok.returncode == 0, ok.stderr
    listed = json.loads(cli("subscription", "list", "--json", *CO).stdout)
    assert listed[0]["schedule"] == "0 9 * * 1" and listed[0]["language"] is None
    bad_lang = cli("subscription", "add", "--report", "portfolio", "--schedule", "weekly",
                   "--to", "a@example.com", "--lang", "xx", *CO)
    assert bad_lang.returncode == 2 and bad_lang.stderr.count("\n") == 1, bad_lang.stderr
    assert "language 'xx' is not a language here; choose one of: en, es" in bad_lang.stderr
    spanish = cli("subscription", "add", "--report", "portfolio", "--schedule", "weekly",
                  "--to", "a@example.com", "--lang", "es", *CO)
    assert spanish.returncode == 0, spanish.stderr
    listed = json.loads(cli("subscription", "list", "--json", *CO).stdout)
    assert [s["language"] for s in listed] == [None, "es"]
    assert cli("subscription", "remove", "S-1", *CO).returncode == 0


def test_unreachable_smtp_keeps_messages_pending_with_the_reason(seeded):
    cli = seeded
    cli("program", "add", "--facility", "F1", "--checklist", "ctpat-msc", "--lead",
        "lead@example.com", "--from", "2027-01-01", *CO)
    env = {"AUDIT_ENGINE_MAIL_TRANSPORT": "smtp", "AUDIT_ENGINE_SMTP_HOST": "127.0.0.1",
           "AUDIT_ENGINE_SMTP_PORT": str(free_port()), "AUDIT_ENGINE_SMTP_TIMEOUT": "3"}
    tick = cli("scheduler", "tick", "--at", "2027-01-01T07:00", env=env)
    assert tick.returncode == 0, tick.stderr
    assert re.fullmatch(r"2027-01-01 07:00 UTC: opened 1 audit, queued \d+ messages? "
                        r"\(0 subscriptions skipped\), sent 0, retry later 1, failed 0, "
                        r"[\d.]+ s\n", tick.stdout), tick.stdout
    pending = json.loads(cli("outbox", "list", "--status", "pending", "--json", *CO).stdout)
    assert pending and any("unreachable" in (m["error"] or "") for m in pending)
    wrong = cli("scheduler", "tick", "--at", "2027-01-01T08:00",
                env={"AUDIT_ENGINE_MAIL_TRANSPORT": "pigeon"})
    assert wrong.returncode == 2 and "setting mail_transport: 'pigeon'" in wrong.stderr


def test_a_failed_step_is_null_in_the_json_and_the_tick_exits_1(seeded, home):
    checkpoints = home / "trail-checkpoints.jsonl"
    checkpoints.unlink(missing_ok=True)
    checkpoints.mkdir()  # the checkpoint step cannot append: it fails, the others still run
    tick = seeded("scheduler", "tick", "--at", "2027-02-01T07:00", "--json")
    assert tick.returncode == 1, tick.stderr
    summary = json.loads(tick.stdout)
    assert summary["checkpoint"] is None and summary["errors"][0].startswith("checkpoint: ")
    assert summary["programs"] == {"opened": 0, "program_errors": 0}
    assert summary["dispatch"] is not None and len(summary["errors"]) == 1
