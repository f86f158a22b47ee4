"""`audit-engine checklists ...` through the installed command (no database needed)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from .conftest import HERE
from .test_company_and_cache import TAILORING


@pytest.fixture
def run(command, tmp_path):
    def run(*args: str, company: list | None = None) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AUDIT_ENGINE_")}
        env["AUDIT_ENGINE_HOME"] = str(tmp_path / "home")
        if company:
            env["AUDIT_ENGINE_CHECKLIST_DIRS"] = os.pathsep.join(str(p) for p in company)
        return subprocess.run(
            [str(command), "checklists", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


@pytest.fixture
def company(tmp_path):
    folder = tmp_path / "company"
    folder.mkdir()
    (folder / "acme.yaml").write_text(TAILORING)
    return folder


def test_list_json(run):
    result = run("list", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["id"]: row for row in json.loads(result.stdout)}
    assert set(rows) == {
        "ctpat-msc",
        "ctpat-container-inspection",
        "ctpat-reefer-inspection",
        "ctpat-tractor-trailer-inspection",
        "ctpat-seal-verification",
    }
    assert rows["ctpat-msc"]["criteria"] == 102
    assert rows["ctpat-msc"]["content_hash"].startswith("sha256:")


def test_list_table_includes_company_catalogs(run, company):
    result = run("list", company=[company])
    assert result.returncode == 0, result.stderr
    assert "acme-ctpat" in result.stdout and "ctpat-msc@2026.1" in result.stdout


def test_show_for_an_entity(run):
    result = run("show", "ctpat-msc", "--entity", "highway_carrier", "--json")
    assert result.returncode == 0, result.stderr
    view = json.loads(result.stdout)
    by_id = {c["id"]: c for c in view["criteria"]}
    assert len(by_id) == 92 and "6.3" in by_id and "12.5" not in by_id
    assert by_id["6.3"]["confidence"] == "cbp" and by_id["4.1"]["confidence"] == "secondary"
    assert view["profile"]["status"] == "complete"
    importer = json.loads(run("show", "ctpat-msc", "--entity", "us_importer", "--json").stdout)
    social = next(c for c in importer["criteria"] if c["id"] == "3.9")
    assert social["level"] == "must"
    assert social["level_history"] == "should; must from 2023-01-01"
    table = run("show", "ctpat-seal-verification")
    assert "twist_and_turn" in table.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("show", "nope"), 4, "error: checklist 'nope' not found"),
        (("show", "ctpat-msc", "--entity", "importer"), 2, "error: unknown entity type 'importer'"),
        (
            ("diff", "ctpat-msc", "missing.yaml"),
            4,
            "error: checklist file missing.yaml does not exist",
        ),
    ],
)
def test_user_mistakes_are_one_line(run, args, code, message):
    result = run(*args)
    assert result.returncode == code
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_validate_everything(run, company):
    result = run("validate", company=[company])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok: 11 checklist file(s) valid"


def test_validate_reports_each_problem_and_exits_2(run):
    broken = sorted((HERE / "broken").glob("*.yaml"))
    result = run("validate", *map(str, broken))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) >= len(broken)
    assert all(line.startswith("error: /") for line in lines)
    assert {line.split(":")[1].strip() for line in lines} == {str(p) for p in broken}


def test_a_broken_company_file_blocks_commands_that_load_the_catalog(run, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "acme.yaml").write_text(TAILORING.replace('"2024.1"', "[oops"))
    result = run("list", company=[folder])
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {folder / 'acme.yaml'}:")
    assert result.stderr.count("\n") == 1


def test_diff_between_versions_and_files(run, company):
    result = run("diff", "ctpat-container-inspection", "ctpat-reefer-inspection")
    assert result.returncode == 0, result.stderr
    assert "added    fan_housing" in result.stdout
    result = run("diff", "ctpat-msc@2026.1", str(company / "acme.yaml"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["new"] == "acme-ctpat@2024.1"
    assert [a["id"] for a in data["added"]] == ["ACME-1"]
    assert {c["id"]: c["kinds"] for c in data["changed"]} == {
        "3.7": ["level", "detail"],
        "5.16": ["level"],
    }
    text = run("diff", "ctpat-msc", str(company / "acme.yaml"))
    assert "levels: should -> must" in text.stdout


def test_help_lists_the_group(command):
    result = subprocess.run([str(command), "--help"], capture_output=True, text=True)
    assert "checklists" in result.stdout
