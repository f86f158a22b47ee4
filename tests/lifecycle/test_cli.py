"""Through the installed command: the contract's command names, exit codes and bad input."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from tests.lifecycle import world
from tests.lifecycle.world import ADMIN, LEAD, MANAGER, OFFICER


@pytest.fixture
def ready(app, cli):
    """Cast and one planned audit A-1 made through the services; the CLI acts on the same DB."""
    world.cast(app)
    world.plan(app)
    return cli


def test_first_user_must_be_admin_and_needs_no_as(bare_app, cli):
    assert cli("init").returncode == 0
    refused = cli("user", "add", "a@example.com", "--name", "A", "--role", "auditor")
    assert refused.returncode == 3 and "must be an admin" in refused.stderr
    assert cli("user", "add", "a@example.com", "--name", "A", "--role", "admin").returncode == 0
    second = cli("user", "add", "b@example.com", "--name", "B", "--role", "auditor")
    assert second.returncode == 2 and "--as" in second.stderr
    ok = cli(
        "user", "add", "b@example.com", "--name", "B", "--role", "auditor", "--as", "a@example.com"
    )
    assert ok.returncode == 0
    denied = cli(
        "facility",
        "add",
        "F1",
        "--name",
        "F",
        "--entity-type",
        "us_importer",
        "--as",
        "b@example.com",
    )
    assert denied.returncode == 3
    users = json.loads(cli("user", "list", "--json", "--as", "a@example.com").stdout)
    assert [u["email"] for u in users] == ["a@example.com", "b@example.com"]


def plan_args(**changes: str) -> list[str]:
    """`audit plan` for a second quarter, with one option changed per bad-input case."""
    options = {"facility": world.FACILITY, "checklist": "ctpat-msc", "period": "2027-Q2",
               "lead": LEAD, **changes, "as": OFFICER}
    return ["audit", "plan", *(part for k, v in options.items() for part in (f"--{k}", v))]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["audit", "start", "A-99", "--as", LEAD], 4, "audit A-99 not found"),
        (["audit", "start", "A-1", "--as", "nobody@example.com"], 4, "nobody@example.com"),
        (["audit", "submit", "A-1", "--as", LEAD], 3, "cannot submit A-1 from planned"),
        (["audit", "approve", "A-1", "--as", LEAD], 3, "may not audit.approve"),
        (plan_args(period="2027-Q5"), 2, "YYYY-Qn"),
        (plan_args(due="2001-01-01"), 2, "before planning"),
        (plan_args(due="31/12/2027"), 2, "not a date"),
        (plan_args(checklist="nope"), 4, "checklist 'nope'"),
        (plan_args(lead=MANAGER), 3, "lead auditor"),
        (["audit", "cancel", "A-1", "--as", OFFICER], 2, "--reason"),
        (["finding", "confirm", "F-7", "--as", OFFICER], 4, "F-7"),
    ],
)
def test_bad_input_exit_codes(ready, args, code, words):
    before = ready("log", "show", "A-1", "--json", "--as", OFFICER).stdout
    result = ready(*args)
    assert result.returncode == code, result.stderr
    assert result.stderr.startswith("error: ") and words in result.stderr
    assert "Traceback" not in result.stderr
    assert ready("log", "show", "A-1", "--json", "--as", OFFICER).stdout == before


def test_answers_and_evidence_refusals(ready, tmp_path):
    assert ready("audit", "start", "A-1", "--as", LEAD).returncode == 0
    bad = ready("answer", "A-1", "1.1", "--result", "maybe", "--as", LEAD)
    assert bad.returncode == 2 and "maybe" in bad.stderr
    assert ready("answer", "A-1", "99.9", "--result", "compliant", "--as", LEAD).returncode == 4
    literal = "<script>alert(1)</script> {{ secret }} {% if %}"
    ok = ready("answer", "A-1", "1.1", "--result", "partial", "--note", literal, "--as", LEAD)
    assert ok.returncode == 0
    events = json.loads(ready("log", "show", "A-1", "--json", "--as", OFFICER).stdout)
    assert events[-1]["payload"]["note"] == literal
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 2048)
    weird = tmp_path / "bad\x07name.pdf"
    weird.write_bytes(b"data")
    for path, words, env in [
        (empty, "is empty", None),
        (big, "over the limit", {"AUDIT_ENGINE_EVIDENCE_MAX_BYTES": "1024"}),
        (weird, "control characters", None),
    ]:
        result = ready(
            "evidence", "add", "A-1", str(path), "--criterion", "1.1", "--as", LEAD, env=env
        )
        assert result.returncode == 2 and words in result.stderr, result.stderr
    dotted = ready(
        "evidence", "add", "A-1", f"{tmp_path}/../x.pdf", "--criterion", "1.1", "--as", LEAD
    )
    assert dotted.returncode == 2 and "'..'" in dotted.stderr
    home = tmp_path / "home" / "evidence"
    assert not home.exists() or not [p for p in home.rglob("*") if p.is_file()]
    good = tmp_path / "fence.pdf"
    good.write_bytes(b"%PDF fence")
    added = ready(
        "evidence",
        "add",
        "A-1",
        str(good),
        "--criterion",
        "1.1",
        "--criterion",
        "1.2",
        "--valid-until",
        "2099-01-01",
        "--as",
        LEAD,
    )
    assert added.returncode == 0, added.stderr
    [listed] = json.loads(ready("evidence", "list", "A-1", "--json", "--as", LEAD).stdout)
    assert listed["criteria"] == ["1.1", "1.2"] and listed["media_type"] == "application/pdf"


def test_log_verify_names_the_tampered_event(ready, database_url):
    assert ready("log", "verify").returncode == 0
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_event SET actor = 'mallory@example.com' WHERE seq = 3")
        )
    broken = ready("log", "verify")
    assert broken.returncode == 6 and "event #3" in broken.stderr and "edited" in broken.stderr
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event WHERE seq = 3"))
    broken = ready("log", "verify")
    assert broken.returncode == 6 and "#3 is missing" in broken.stderr
    engine.dispose()


def test_workflow_diagram_prints_mermaid(cli):
    result = cli("workflow", "diagram")
    assert result.returncode == 0
    assert result.stdout.count("stateDiagram-v2") == 3
    assert "review --> fieldwork: return [reason_given]" in result.stdout
    assert ADMIN  # the cast is not needed here


def test_an_evidence_files_criteria_sort_by_their_numbers(ready, tmp_path):
    """1.1, 2.1, 10.1 (not 1.1, 10.1, 2.1) in evidence add, evidence list (table and JSON)
    and the audit report's evidence index."""
    from tests.reports.pdfs import pages_text

    assert ready("audit", "start", "A-1", "--as", LEAD).returncode == 0
    photo = tmp_path / "gate-and-seals.pdf"
    photo.write_bytes(b"%PDF gate")
    criteria = [arg for c in ("10.1", "2.1", "1.1", "10.10", "10.2") for arg in ("--criterion", c)]
    added = ready("evidence", "add", "A-1", str(photo), *criteria, "--as", LEAD)
    in_order = "1.1, 2.1, 10.1, 10.2, 10.10"
    assert added.returncode == 0 and added.stdout.strip().endswith(in_order), added.stdout
    [listed] = json.loads(ready("evidence", "list", "A-1", "--json", "--as", LEAD).stdout)
    assert listed["criteria"] == in_order.split(", ")
    assert in_order in ready("evidence", "list", "A-1", "--as", LEAD).stdout
    report = tmp_path / "A-1.pdf"
    assert ready("report", "audit", "A-1", "-o", str(report), "--as", OFFICER).returncode == 0
    text = " ".join(" ".join(pages_text(report.read_bytes())).split())
    assert in_order in text
