"""Findings, actions and the portfolio as CSV and XLSX: real dates, numbers, frozen header."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from audit_engine.domain.clock import FixedClock
from audit_engine.reporting.templates import percent
from audit_engine.services.reports.exports import (
    actions_table,
    export_file,
    findings_table,
    portfolio_table,
)
from tests.lifecycle import world

AS = ("--as", world.OFFICER)  # who reads: an officer of every facility


@pytest.fixture
def remediation(app, tmp_path):
    world.cast(app)
    audit = world.plan(app)
    [action] = world.to_remediation(app, audit, tmp_path)
    return audit, action


def late_clock(app, days: int) -> FixedClock:
    return FixedClock(app.clock.now() + timedelta(days=days))


def read_xlsx(data: bytes):
    return load_workbook(io.BytesIO(data)).active


def test_actions_as_xlsx_have_dates_numbers_a_frozen_header_and_filters(app, remediation):
    audit, action = remediation
    table = actions_table(app.uow(), late_clock(app, 45), audit=audit)
    sheet = read_xlsx(export_file(table, "xlsx", "actions").data)

    header = [c.value for c in sheet[1]]
    assert header == ["Action", "Finding", "Audit", "Facility", "Criterion", "Criterion title",
                      "Severity", "Owner", "Due", "Status", "Days overdue", "Risk assessment"]
    row = [c.value for c in sheet[2]]
    assert row[0] == action and row[2] == audit and row[6] == "major"
    assert row[5]  # the criterion's title from the pinned checklist
    assert isinstance(row[4], str)  # criterion ids are text cells (12.10 is not 12.1)
    assert isinstance(row[8], datetime) and sheet.cell(2, 9).number_format == "yyyy-mm-dd"
    assert row[10] == 15 and isinstance(row[10], int)  # due in 30 days, today is day 45
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:L2"
    setup = sheet.page_setup  # prints one page wide, landscape A4, as many pages tall as needed
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert str(setup.paperSize) == sheet.PAPERSIZE_A4


def test_findings_as_xlsx_print_one_page_wide(app, remediation):
    audit, _ = remediation
    sheet = read_xlsx(export_file(findings_table(app.uow(), app.clock, audit=audit), "xlsx",
                                  "findings").data)
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage


def test_findings_as_csv(app, remediation):
    audit, action = remediation
    table = findings_table(app.uow(), app.clock, audit=audit)
    data = export_file(table, "csv", "findings").data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Finding", "Audit", "Criterion", "Criterion title", "Severity", "Owner",
                       "Due", "Status", "Days overdue"]
    assert rows[1][1] == audit and rows[1][5] == world.OWNER and rows[1][7] == "confirmed"
    assert datetime.fromisoformat(rows[1][6]) and rows[1][8] == "0"


def test_portfolio_grid_holds_the_numbers_the_pdf_prints(app, remediation):
    table = portfolio_table(app.uow(), app.clock)
    sheet = read_xlsx(export_file(table, "xlsx", "portfolio").data)
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["Facility", "Name", "Audit", "Period", "Status", "Overall"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    newark = rows[world.FACILITY]
    assert isinstance(newark[5].value, float) and newark[5].number_format == "0%"
    # the risk facts the PDF ranks by: one failed must, its action not yet verified
    assert header[-4:] == ["Open musts", "Remediated musts", "Overdue actions", "Overdue audits"]
    assert [c.value for c in newark[-4:-1]] == [1, 0, 0]
    from audit_engine.services.reports.audit_data import load_audit_view
    from audit_engine.services.reports.views.audit import score

    with app.uow().reading() as uow:
        from audit_engine.services.lookup import audit_by_ref

        view = load_audit_view(uow.session, audit_by_ref(uow.session, remediation[0]))
    assert f"{newark[5].value * 100:.0f}%" == percent(score(view.answers))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the command's own work
def test_the_list_commands_write_files(app, remediation, cli, tmp_path):
    audit, _ = remediation
    out = tmp_path / "actions.xlsx"
    done = cli("action", "list", "--format", "xlsx", "-o", str(out), *AS)
    assert done.returncode == 0, done.stderr
    assert read_xlsx(out.read_bytes()).max_row == 2
    findings = cli("finding", "list", audit, "--format", "csv", "-o", str(tmp_path / "f.csv"), *AS)
    assert findings.returncode == 0, findings.stderr
    grid = cli("report", "portfolio", "--format", "xlsx", "-o", str(tmp_path / "p.xlsx"), *AS)
    assert grid.returncode == 0, grid.stderr
    assert cli("finding", "list", audit, "-o", "x.csv", *AS).returncode == 2
