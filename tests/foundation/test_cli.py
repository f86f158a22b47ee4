"""The command's conventions, through the installed `audit-engine` in a subprocess."""

import json
import subprocess
import sys

import pytest


def _one_error_line(result, code):
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_help_lists_commands_without_heavy_imports():
    code = (
        "import sys; from audit_engine.cli.main import run; run(['--help']);"
        "heavy = [m for m in ('weasyprint', 'apscheduler', 'sqlalchemy', 'transitions')"
        " if m in sys.modules]; print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "init" in out.stdout and "HEAVY []" in out.stdout


def test_help_imports_only_the_entry_point():
    """`--help` names the commands from a table: no command's module, nor the error map a
    failure needs (each is imported by the command or the failure that uses it)."""
    code = (
        "import sys; from audit_engine.cli.main import run; run(['--help']);"
        "print('OURS', sorted(m for m in sys.modules if m.startswith('audit_engine')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "OURS ['audit_engine', 'audit_engine.cli', 'audit_engine.cli.main']" in out.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [(["frobnicate"], "No such command 'frobnicate'"), (["config", "show", "--bad"], "--bad")],
)
def test_usage_errors_exit_2_with_one_line(cli, args, message):
    assert message in _one_error_line(cli(*args), 2)


def test_init_twice_changes_nothing(cli):
    first = cli("init")
    assert first.returncode == 0, first.stderr
    second = cli("init")
    assert second.returncode == 0, second.stderr
    assert "registered: none new" in second.stdout


def test_db_status_json(cli):
    assert cli("init").returncode == 0
    status = json.loads(cli("db", "status", "--json").stdout)
    assert status["up_to_date"] is True


def test_config_show_json_masks_secrets(cli):
    result = cli("config", "show", "--json", env={"AUDIT_ENGINE_SMTP_PASSWORD": "hunter2"})
    shown = json.loads(result.stdout)
    assert shown["smtp_password"] == "********"


@pytest.mark.parametrize(
    ("url", "code", "message"),
    [
        ("not a url", 2, "is not a valid URL"),
        ("mysql://x@y/z", 2, "unsupported database 'mysql'"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/test", 1, "cannot open the database"),
    ],
)
def test_bad_database_urls(cli, url, code, message):
    assert message in _one_error_line(cli("init", env={"AUDIT_ENGINE_DATABASE_URL": url}), code)


def test_home_that_cannot_be_created(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    env = {"AUDIT_ENGINE_HOME": str(blocker / "home"), "AUDIT_ENGINE_DATABASE_URL": ""}
    assert "AUDIT_ENGINE_HOME" in _one_error_line(cli("init", env=env), 2)


def test_home_on_a_read_only_filesystem(cli):
    env = {"AUDIT_ENGINE_HOME": "/proc/audit-engine-home", "AUDIT_ENGINE_DATABASE_URL": ""}
    assert "AUDIT_ENGINE_HOME" in _one_error_line(cli("init", env=env), 2)


def test_a_database_from_a_newer_schema_is_refused(cli, bare_app):
    from sqlalchemy import text

    assert cli("init").returncode == 0
    with bare_app.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    assert "newer than this audit-engine" in _one_error_line(cli("init"), 2)
