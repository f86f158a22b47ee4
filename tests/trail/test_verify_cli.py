"""Issue 28 item 15 (the `log verify` lows), through the installed command on SQLite and
PostgreSQL: "keys not checked" is its own exit code (7), never 0; a FIFO given as the trail key,
checkpoint or workbook-key file is refused with one line instead of hanging."""

from __future__ import annotations

import os
import shutil

ADMIN = "admin@example.com"


def installed(cli) -> None:
    assert cli("init").returncode == 0
    assert cli("user", "add", ADMIN, "--name", "Ada", "--role", "admin").returncode == 0
    assert cli("log", "checkpoint").returncode == 0


def one_error(done, *words: str) -> None:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for word in words:
        assert word in lines[0], done.stderr


def test_without_the_key_verify_says_keys_not_checked_and_exits_7(cli, home, tmp_path):
    installed(cli)
    assert cli("log", "verify").returncode == 0
    (home / "trail.key").rename(tmp_path / "trail.key")

    done = cli("log", "verify", "--deep")

    assert done.returncode == 7, done
    assert "audit trail structure intact" in done.stdout and "keys NOT checked" in done.stdout
    one_error(done, "trail keys not checked")


def test_a_key_file_holding_none_of_the_trails_keys_exits_7(cli, home, tmp_path):
    installed(cli)
    other = tmp_path / "other"
    env = {"AUDIT_ENGINE_HOME": str(other),
           "AUDIT_ENGINE_DATABASE_URL": f"sqlite:///{other / 'db.sqlite3'}"}
    assert cli("init", env=env).returncode == 0
    shutil.copy(other / "trail.key", home / "trail.key")

    done = cli("log", "verify")

    assert done.returncode == 7, done
    assert "is not in" in done.stdout
    one_error(done, "trail keys not checked")


def test_a_fifo_as_key_or_checkpoint_file_is_refused_not_waited_on(cli, home, tmp_path):
    installed(cli)
    for name in ("trail.key", "trail-checkpoints.jsonl"):
        (home / name).rename(tmp_path / name)
        os.mkfifo(home / name)

        done = cli("log", "verify", timeout=30)

        assert done.returncode == 2, done
        one_error(done, str(home / name), "FIFO")
        (home / name).unlink()
        (tmp_path / name).rename(home / name)
    assert cli("log", "verify").returncode == 0


def test_a_fifo_as_workbook_key_is_refused_not_waited_on(cli, home, tmp_path):
    installed(cli)
    as_admin = ("--as", ADMIN)
    assert cli("facility", "add", "US-1", "--name", "One", "--entity-type", "us_importer",
               *as_admin).returncode == 0
    assert cli("user", "add", "lead@example.com", "--name", "Lee", "--role", "auditor",
               *as_admin).returncode == 0
    assert cli("audit", "plan", "--facility", "US-1", "--checklist", "ctpat-msc", "--period",
               "2027-Q1", "--lead", "lead@example.com", *as_admin).returncode == 0
    os.mkfifo(home / "workbook.key")

    done = cli("audit", "workbook", "export", "A-1", "-o", str(tmp_path / "a.xlsx"),
               "--as", "lead@example.com", timeout=30)

    assert done.returncode == 2, done
    one_error(done, "workbook key file", "FIFO")
    assert not (tmp_path / "a.xlsx").exists()
