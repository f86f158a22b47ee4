"""Bad input that used to break through, replayed case by case on SQLite and PostgreSQL.

Every case must end with one line `error: ...` naming what is wrong, the documented exit code,
no traceback, and nothing written. Most cases run in one subprocess (tests/inputs/replay.py,
the command's own entry point); those about process start (settings, FIFOs, `--at ''`) run the
installed `audit-engine` itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import MetaData, func, select

from audit_engine.services.planning import planning
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import LEAD, OFFICER, OWNER

FULL_WIDTH_2027 = "\uff12\uff10\uff12\uff17"  # "２０２７"
ARABIC_INDIC_2027 = "\u0662\u0660\u0662\u0667"  # "٢٠٢٧"
LONG_EMAIL = "a" * 9_988 + "@example.com"  # 10,000 characters


def plan(period: str = "2027-Q1", **more: str) -> list[str]:
    """`audit plan` of a second audit for A-1's facility, checklist and quarter (a duplicate)."""
    options = {"facility": world.FACILITY, "checklist": "ctpat-msc", "period": period,
               "lead": LEAD, **more, "as": OFFICER}
    return ["audit", "plan", *(part for k, v in options.items() for part in (f"--{k}", v))]


# (case, argv, environment, exit code, words the one error line must hold)
CASES = [
    ("full-width period", plan(f"{FULL_WIDTH_2027}-Q1"), {}, 2, "YYYY-Qn"),
    ("Arabic-Indic period", plan(f"{ARABIC_INDIC_2027}-Q1"), {}, 2, "YYYY-Qn"),
    ("period with spaces", plan(" 2027-Q1"), {}, 2, "YYYY-Qn"),
    ("period year 0", plan("0000-Q1"), {}, 2, "year 0 is outside 2000-2100"),
    ("period year 9999", plan("9999-Q4"), {}, 2, "year 9999 is outside 2000-2100"),
    ("due date year 9999", plan("2027-Q3", due="9999-12-31"), {}, 2, "outside 2000-2100"),
    ("full-width due date", plan("2027-Q3", due=f"{FULL_WIDTH_2027}-06-30"), {}, 2,
     "not a date"),
    ("due date is not a day", plan("2027-Q3", due="2027-02-30"), {}, 2, "not a date"),
    ("--at year 0", ["scheduler", "tick", "--at", "0000-01-01"], {}, 2, "--at"),
    ("--at year 9999", ["scheduler", "tick", "--at", "9999-12-31T00:00"], {}, 2,
     "year 9999 is outside 2000-2100"),
    ("--at full-width", ["scheduler", "tick", "--at", f"{FULL_WIDTH_2027}-01-04"], {}, 2,
     "not an ISO date"),
    ("--at outside configured years", ["scheduler", "tick", "--at", "2027-01-04"],
     {"AUDIT_ENGINE_YEARS": "2030-2040"}, 2, "year 2027 is outside 2030-2040"),
    ("audit id beyond integers", ["audit", "start", "A-99999999999", "--as", LEAD], {}, 4,
     "not found"),
    ("audit id beyond 64 bits", ["audit", "show", "A-99999999999999999999999"], {}, 4,
     "not found"),
    ("full-width audit id", ["audit", "start", "A-\uff11", "--as", LEAD], {}, 4, "not found"),
    ("finding id beyond integers", ["finding", "confirm", "F-2147483648", "--as", OFFICER], {},
     4, "not found"),
    ("action id beyond integers", ["action", "start", "CA-9223372036854775808", "--as", OWNER],
     {}, 4, "not found"),
    ("outbox id beyond integers", ["outbox", "retry", "99999999999"], {}, 4, "not found"),
    ("full-width outbox id", ["outbox", "retry", "\uff11"], {}, 4, "not found"),
    ("expect-version beyond integers",
     ["audit", "start", "A-1", "--expect-version", "99999999999", "--as", LEAD], {}, 2,
     "--expect-version"),
    ("full-width program month",
     ["program", "add", "--facility", world.FACILITY, "--checklist", "ctpat-msc",
      "--every", "quarter", "--start-month", "\uff11", "--as", OFFICER], {}, 2, "--start-month"),
    ("10,000-character email",
     ["user", "add", LONG_EMAIL, "--name", "Long", "--role", "auditor", "--as", world.ADMIN],
     {}, 2, "limit is 254"),
    ("long facility name",
     ["facility", "add", "XX-01", "--name", "N" * 5_000, "--entity-type", "us_importer",
      "--as", world.ADMIN], {}, 2, "the limit is"),
    ("long answer note",
     ["answer", "A-2", "{criterion}", "--result", "partial", "--note", "n" * 20_001,
      "--as", LEAD], {}, 2, "answer note is 20001 characters long; the limit is 20000"),
    ("long action plan",
     ["action", "add", "F-1", "--owner", OWNER, "--plan", "p" * 20_001, "--as", OFFICER], {},
     2, "plan is 20001 characters long; the limit is 20000"),
    ("unknown mail transport", ["outbox", "list"], {"AUDIT_ENGINE_MAIL_TRANSPORT": "pigeon"}, 2,
     "setting mail_transport: 'pigeon' is not one of: folder, smtp, console"),
    ("overflowing action due days", ["outbox", "list"],
     {"AUDIT_ENGINE_ACTION_DUE_DAYS": "major=" + "9" * 400}, 2, "setting action_due_days"),
    ("due days beyond ten years", ["outbox", "list"],
     {"AUDIT_ENGINE_ACTION_DUE_DAYS": "minor=99999"}, 2, "outside 0-3660"),
    ("full-width SMTP port", ["outbox", "list"], {"AUDIT_ENGINE_SMTP_PORT": "\uff12\uff15"}, 2,
     "setting smtp_port"),
    ("render timeout nan", ["outbox", "list"], {"AUDIT_ENGINE_RENDER_TIMEOUT": "nan"}, 2,
     "setting render_timeout"),
    ("SMTP port out of range", ["outbox", "list"], {"AUDIT_ENGINE_SMTP_PORT": "70000"}, 2,
     "setting smtp_port: 70000 is outside 1-65535"),
    ("unknown SMTP security", ["outbox", "list"], {"AUDIT_ENGINE_SMTP_SECURITY": "ssl3"}, 2,
     "setting smtp_security"),
    ("years setting", ["outbox", "list"], {"AUDIT_ENGINE_YEARS": "0-9999"}, 2, "setting years"),
    ("checklists validate a FIFO", ["checklists", "validate", "{fifo}"], {}, 2, "FIFO"),
    ("evidence add a FIFO", ["evidence", "add", "A-2", "{fifo}", "--criterion", "{criterion}",
                             "--as", LEAD], {}, 2, "FIFO"),
    ("evidence add a device", ["evidence", "add", "A-2", "/dev/zero", "--criterion",
                               "{criterion}", "--as", LEAD], {}, 2, "character device"),
    ("action evidence a FIFO", ["action", "start", "CA-1", "--evidence", "{fifo}", "--as", OWNER],
     {}, 2, "FIFO"),
    ("config file a FIFO", ["outbox", "list"], {"AUDIT_ENGINE_CONFIG": "{fifo}"}, 2, "FIFO"),
    ("workbook import a FIFO", ["audit", "workbook", "import", "A-2", "{fifo}", "--as", LEAD],
     {}, 2, "FIFO"),
    ("token id beyond integers", ["token", "revoke", "99999999999", "--as", world.ADMIN], {}, 4,
     "token '99999999999' not found"),
    ("full-width token expiry", ["token", "create", "--name", "x", "--expires", "\uff13",
                                 "--as", world.ADMIN], {}, 2, "--expires"),
    ("program id beyond integers", ["program", "pause", "P-99999999999", "--as", OFFICER], {},
     4, "not found"),
    ("subscription id beyond integers",
     ["subscription", "remove", "S-99999999999", "--as", OFFICER], {}, 4, "not found"),
    ("full-width serve port", ["serve", "--port", "\uff18\uff10"], {}, 2, "--port"),
]
# Cases about how the process starts, run through the installed command itself.
AS_INSTALLED = ["unknown mail transport", "overflowing action due days",
                "checklists validate a FIFO", "config file a FIFO"]


@pytest.fixture
def scene(app, tmp_path):
    """A-1 in remediation (F-1, CA-1), A-2 in fieldwork at another facility; a FIFO."""
    world.cast(app)
    world.to_remediation(app, world.plan(app), tmp_path)
    other = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(OFFICER),
                              facility="MX-01", checklist="ctpat-msc", period="2027-Q1",
                              lead=LEAD)
    transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(LEAD), audit=other.id)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    criterion, _ = world.must_and_should(app, other.id)
    return {"fifo": str(fifo), "criterion": criterion}


def fill(value: str, scene: dict) -> str:
    return value.format(**scene) if "{" in value else value


def row_counts(app) -> dict[str, int]:
    tables = MetaData()
    tables.reflect(app.engine)
    with app.engine.connect() as connection:
        return {name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in tables.tables.items()}


def replay_in_one_process(cli_env: dict, cases: list[dict]) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "tests.inputs.replay"], env=cli_env,
                          input=json.dumps(cases), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_every_bad_input_case_is_one_line_and_writes_nothing(app, scene, home, database_url,
                                                               cli):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
    env.update(AUDIT_ENGINE_HOME=str(home), AUDIT_ENGINE_DATABASE_URL=database_url,
               AUDIT_ENGINE_USER=world.ADMIN)
    cases = [{"argv": [fill(a, scene) for a in argv],
              "env": {k: fill(v, scene) for k, v in extra.items()}}
             for _, argv, extra, _, _ in CASES]
    before = row_counts(app)
    results = replay_in_one_process(env, cases)
    for name in AS_INSTALLED:
        index = next(i for i, case in enumerate(CASES) if case[0] == name)
        done = cli(*cases[index]["argv"], env={**cases[index]["env"],
                                               "AUDIT_ENGINE_USER": world.ADMIN}, timeout=60)
        results[index] = {"code": done.returncode, "stderr": done.stderr}
    wrong = []
    for (name, _, _, code, words), result in zip(CASES, results, strict=True):
        lines = result["stderr"].splitlines()
        if (result["code"], len(lines)) != (code, 1) or not lines[0].startswith("error: ") \
                or words not in lines[0]:
            wrong.append(f"{name}: exit {result['code']}, {result['stderr'][:300]!r}")
    assert not wrong, "\n".join(wrong)
    assert row_counts(app) == before
