"""Lists with search, filters, sort and pages kept in the URL, and CSV/XLSX exports of the same
filtered rows; the filter arithmetic itself as unit tests."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from openpyxl import load_workbook

from audit_engine.services.audits.read_models import AuditView
from audit_engine.services.pages.list_filters import PER_PAGE, list_page, parse_query
from audit_engine.services.pages.list_rows import AUDIT_SORTS, audit_facts
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import sign_in

TODAY = date(2027, 2, 1)


def _audit(n: int, facility="US-NJ-01", status="planned", period="2027-Q1", due=TODAY):
    return AuditView(f"A-{n}", facility, period, status, "lead@example.com", "ctpat-msc@1", due,
                     1)


def test_filters_sort_and_pages_from_the_query():
    rows = [_audit(n, "MX-01" if n % 2 else "US-NJ-01") for n in range(1, 60)]
    query = parse_query({"facility": "MX-01", "sort": "id", "desc": "1", "page": "2"},
                        AUDIT_SORTS)
    page = list_page(rows, query, audit_facts(TODAY))
    assert page.total == 30 and page.pages == 2 and len(page.rows) == 30 - PER_PAGE
    assert page.rows[0].id == "A-9"  # numbers sort as numbers: A-59 .. A-11, then A-9
    assert page.facilities == ("MX-01", "US-NJ-01")
    assert query.url(page=1) == "facility=MX-01&sort=id&desc=1"


def test_bad_query_values_fall_back_quietly():
    query = parse_query({"sort": "password", "page": "-3", "q": "x" * 900}, AUDIT_SORTS)
    assert (query.sort, query.page, len(query.q)) == ("due", 1, 200)


def test_overdue_and_search():
    rows = [_audit(1, due=date(2027, 1, 1)), _audit(2, status="closed", due=date(2027, 1, 1)),
            _audit(3)]
    late = list_page(rows, parse_query({"overdue": "1"}, AUDIT_SORTS), audit_facts(TODAY))
    assert [a.id for a in late.rows] == ["A-1"]
    found = list_page(rows, parse_query({"q": "a-3"}, AUDIT_SORTS), audit_facts(TODAY))
    assert [a.id for a in found.rows] == ["A-3"]


def test_the_actions_list_filters_and_exports_the_same_rows(client, people, tmp_path):
    audit = world.plan(people)
    world.to_remediation(people, audit, tmp_path)
    sign_in(client, world.OFFICER)
    page = client.get("/actions?owner=owner%40example.com&sort=due").text
    assert 'id="list-count">1 found' in page
    link = re.search(r'href="(/actions\.csv\?[^"]+)"', page).group(1).replace("&amp;", "&")
    assert "owner=owner%40example.com" in link
    rows = list(csv.reader(io.StringIO(client.get(link).text)))
    assert rows[0][:2] == ["\ufeffAction", "Facility"] and len(rows) == 2  # BOM for Excel
    none = client.get("/actions.csv?owner=nobody%40example.com")
    assert len(list(csv.reader(io.StringIO(none.text)))) == 1
    xlsx = client.get("/audits.xlsx?status=remediation")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]][:4] == [audit, world.FACILITY, world.PERIOD,
                                              "remediation"]
    assert client.get("/audits.pdf").status_code == 404


def test_a_search_typed_as_a_formula_stays_text(client, people):
    from audit_engine.services.planning.planning import plan_audit

    people_app = people
    plan_audit(
        people_app.uow(),
        people_app.clock,
        people_app.catalogs(),
        actor=as_cli(world.OFFICER),
        facility=world.FACILITY,
        checklist=world.CHECKLIST,
        period=world.PERIOD,
        lead=world.LEAD,
    )
    sign_in(client, world.OFFICER)
    text = client.get("/audits.csv?q=%3D1%2B1").text  # a search for "=1+1" matches nothing
    assert text.splitlines()[0].startswith("\ufeffAudit,")
    shown = client.get("/audits?q=%3Dcmd").text
    assert 'value="=cmd"' in shown and 'id="list-count">0 found' in shown


def test_the_findings_list_and_its_export(client, people, tmp_path):
    audit = world.plan(people)
    world.to_remediation(people, audit, tmp_path)
    sign_in(client, world.OWNER)
    page = client.get("/findings?status=confirmed&facility=US-NJ-01").text
    assert 'id="list-count">1 found' in page and f'href="/audits/{audit}"' in page
    rows = list(csv.reader(io.StringIO(client.get("/findings.csv?status=dismissed").text)))
    assert len(rows) == 1  # the header only
    client.cookies.clear()
    sign_in(client, world.OTHER_MANAGER)  # another facility's findings are not listed
    assert 'id="list-count">0 found' in client.get("/findings").text


def test_the_evidence_list_filters_pages_and_exports(client, people, tmp_path):
    from audit_engine.services.review import transitions

    audit = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    world.answer_all(people, audit, tmp_path)  # one file linked to every must criterion
    must, _ = world.must_and_should(people, audit)
    sign_in(client, world.OFFICER)
    page = client.get("/evidence").text
    assert 'href="/evidence" aria-current="page"' in page  # in the navigation
    total = int(re.search(r'id="list-count">(\d+) found', page).group(1))
    assert total > PER_PAGE and 'id="next-page"' in page and "policy.pdf" in page
    second = client.get("/evidence?page=2&sort=criterion&desc=1").text
    assert f'id="list-count">{total} found · page 2 of' in second
    one = client.get(f"/evidence?criterion={must}&audit={audit}&q=policy").text
    assert 'id="list-count">1 found' in one and f'href="/audits/{audit}#c-{must}"' in one
    rows = list(csv.reader(io.StringIO(client.get(f"/evidence.csv?criterion={must}").text)))
    assert rows[0][:2] == ["\ufeffFile", "Name"] and len(rows) == 2
    assert rows[1][1] == "policy.pdf" and rows[1][5:8] == [audit, world.PERIOD, must]
    sheet = load_workbook(io.BytesIO(client.get("/evidence.xlsx?q=policy").content)).active
    assert sheet.max_row == total + 1
    assert 'id="list-count">0 found' in client.get("/evidence?audit=A-999").text
    client.cookies.clear()
    sign_in(client, world.OTHER_MANAGER)  # another facility's files are not listed
    assert 'id="list-count">0 found' in client.get("/evidence").text


def test_criteria_sort_by_number():
    from audit_engine.services.pages.list_filters import _sort_key

    assert sorted(["10.1", "2.10", "2.9", "6.2"], key=_sort_key) == ["2.9", "2.10", "6.2",
                                                                      "10.1"]
