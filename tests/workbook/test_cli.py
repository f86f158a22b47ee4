"""The installed command: export, fill, import; problems one per line with exit 2; bulk answers."""

from __future__ import annotations

import pytest

from audit_engine.services.trail import show_log
from tests.lifecycle.world import LEAD
from tests.workbook.conftest import criterion_rows, open_sheet

# The services are tested on both databases; the command's own work (output, exit codes) is
# the same on either, so these subprocess tests run on SQLite only.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def test_export_fill_import_through_the_command(app, fieldwork, cli, tmp_path):
    path = tmp_path / "walk.xlsx"
    exported = cli("audit", "workbook", "export", fieldwork, "-o", str(path), "--as", LEAD)
    assert exported.returncode == 0, exported.stderr
    book, sheet = open_sheet(path)
    rows = list(criterion_rows(sheet).items())
    sheet.cell(rows[0][1], 7, "compliant")
    sheet.cell(rows[1][1], 7, "maybe")
    sheet.cell(rows[2][1], 7, "partial")
    book.save(path)

    bad = cli("audit", "workbook", "import", fieldwork, str(path), "--as", LEAD)
    assert bad.returncode == 2
    assert bad.stderr.splitlines() == [
        f"error: Criteria!G{rows[1][1]}: result 'maybe' is not one of: compliant, partial, "
        "non_compliant, not_applicable",
        f"error: Criteria!H{rows[2][1]}: partial needs a note",
        "error: 2 problem(s); nothing was written",
    ]

    sheet.cell(rows[1][1], 7).value = None
    sheet.cell(rows[2][1], 8, "lock worn")
    book.save(path)
    good = cli("audit", "workbook", "import", fieldwork, str(path), "--as", LEAD)
    assert good.returncode == 0, good.stderr
    assert good.stdout.splitlines()[-1].startswith(f"{fieldwork}: changed 2 answer(s)")
    trail = show_log(app.uow(), fieldwork)
    assert [e.payload["source"] for e in trail if e.action == "answer.record"] == [
        "workbook", "workbook"]


def test_the_rest_of_a_category_in_one_command(app, fieldwork, cli):
    first = cli("answer", fieldwork, "--category", "1", "--rest", "compliant", "--as", LEAD)
    assert first.returncode == 0, first.stderr
    answered = first.stdout.splitlines()[:-1]
    assert answered and all(line.endswith(": compliant") for line in answered)
    needs_note = cli("answer", fieldwork, "--category", "2", "--rest", "non_compliant",
                     "--as", LEAD)
    assert needs_note.returncode == 2
    assert "needs --note" in needs_note.stderr
    trail = show_log(app.uow(), fieldwork)
    assert sum(e.action == "answer.record" for e in trail) == len(answered)
