"""`checklists profile import` through the installed command: CSV and XLSX, every bad row
named, nothing written on error, and a clean import a complete profile `show` and `diff` see."""

from __future__ import annotations

import json
import re

import openpyxl
import pytest

from .test_cli import run  # noqa: F401  (fixture)

RAIL_IDS = ["1.1", "5.1", "5.2", "6.1", "6.2", "7.2", "7.7", "7.37", "11.5", "3.7"]
BAD_ROWS = [
    ("id", "level"),
    ("1.1", "should"),
    ("5.1", "must"),
    ("5.99", "must"),  # row 4: typo, no such criterion
    ("5.1", "must"),  # row 5: repeats row 3
    ("6.1", "should"),  # row 6: relaxes a must
    ("7.7", "maybe"),  # row 7: no such level
]


def write_csv(path, rows):
    path.write_text("\n".join(",".join(row) for row in rows) + "\n")
    return path


def write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_bad_rows_are_named_and_nothing_is_written(run, tmp_path, writer):  # noqa: F811
    sheet = writer(tmp_path / f"rail.{'csv' if writer is write_csv else 'xlsx'}", BAD_ROWS)
    target = tmp_path / "company" / "acme-rail.yaml"
    target.parent.mkdir()
    result = run(
        "profile", "import", str(sheet), "--entity", "rail_carrier", "--id", "acme-rail",
        "-o", str(target),
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert [re.search(r":(row \d+):", line).group(1) for line in lines] == [
        "row 4", "row 5", "row 6", "row 7"
    ]
    assert all(line.startswith(f"error: {sheet}:row ") for line in lines)
    assert "unknown criterion id '5.99'" in lines[0]
    assert "'5.1' repeats row 3" in lines[1]
    assert "6.1 is 'should' here but 'must'" in lines[2]
    assert "level 'maybe'" in lines[3]
    assert list(target.parent.iterdir()) == []


def test_a_number_typed_id_in_a_workbook_is_refused(run, tmp_path):  # noqa: F811
    workbook = openpyxl.Workbook()
    workbook.active.append(["id", "level"])
    workbook.active.append([4.10, "must"])  # Excel turns 4.10 into 4.1
    workbook.save(tmp_path / "typed.xlsx")
    result = run(
        "profile", "import", str(tmp_path / "typed.xlsx"), "--entity", "air_carrier", "--id", "x"
    )
    assert result.returncode == 2 and "row 2: id 4.1 is a number" in result.stderr


def test_a_clean_import_is_a_complete_profile(run, tmp_path):  # noqa: F811
    rows = [("ID", "Level", "Title"), *((cid, "must", "t") for cid in RAIL_IDS)]
    sheet = write_xlsx(tmp_path / "rail.xlsx", rows)
    company = tmp_path / "company"
    company.mkdir()
    target = company / "acme-rail.yaml"
    result = run(
        "profile", "import", str(sheet), "--entity", "rail_carrier", "--id", "acme-rail",
        "-o", str(target), "--json",
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["criteria"] == len(RAIL_IDS) and summary["made_must"] == ["1.1", "7.7", "3.7"]
    assert "3.7" in summary["added"] and "5.3" in summary["removed"]
    shown = json.loads(
        run("show", "acme-rail", "--entity", "rail_carrier", "--json", company=[company]).stdout
    )
    assert [c["id"] for c in shown["criteria"]] == sorted(RAIL_IDS, key=_msc_order(run))
    assert {c["confidence"] for c in shown["criteria"]} == {"cbp"}
    assert shown["profile"]["status"] == "complete"
    diff = json.loads(
        run("diff", "ctpat-msc", "acme-rail", "--entity", "rail_carrier", "--json",
            company=[company]).stdout
    )
    assert {c["id"] for c in diff["added"]} == {"1.1", "3.7"}
    assert "5.3" in {c["id"] for c in diff["removed"]}


def _msc_order(run):  # noqa: F811
    criteria = json.loads(run("show", "ctpat-msc", "--json").stdout)["criteria"]
    order = {c["id"]: n for n, c in enumerate(criteria)}
    return order.__getitem__
