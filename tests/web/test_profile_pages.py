"""Company profile import on the web: a real bad XLSX shows every bad row in a table and writes
nothing; a CSV with a formula in a cell is refused as a row; a clean file is checked (and,
without a configured checklist folder, shown to save); only administrators."""

from __future__ import annotations

import io
import re

import openpyxl

from tests.checklists.test_profile_import import BAD_ROWS, RAIL_IDS
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, name: str, data: bytes, media: str, catalog_id="acme-rail"):
    page = client.get("/admin/profiles").text
    return client.post("/admin/profiles", data={"csrf": csrf_of(page),
                                                "entity_type": "rail_carrier",
                                                "catalog_id": catalog_id},
                       files={"sheet": (name, data, media)})


def test_a_bad_workbook_shows_every_bad_row_and_writes_nothing(client, people, home):
    sign_in(client, world.ADMIN)
    before = sorted(p.name for p in home.rglob("*.yaml"))
    refused = _upload(client, "rail.xlsx", _xlsx(BAD_ROWS), XLSX)
    assert refused.status_code == 422
    table = re.search(r'<table id="profile-problems">.*?</table>', refused.text, re.S).group(0)
    assert re.findall(r"rail\.xlsx:(row \d+):", table) == ["row 4", "row 5", "row 6", "row 7"]
    assert "/tmp" not in refused.text and "nothing was written" in refused.text
    assert sorted(p.name for p in home.rglob("*.yaml")) == before


def test_a_formula_in_a_csv_cell_is_a_bad_row(client, people):
    sign_in(client, world.ADMIN)
    refused = _upload(client, "rail.csv", b"id,level\n=HYPERLINK(\"x\"),must\n", "text/csv")
    assert refused.status_code == 422 and "row 2" in refused.text


def test_a_clean_file_is_checked_and_shown(client, people):
    sign_in(client, world.ADMIN)
    rows = "\n".join(["id,level", *(f"{cid},must" for cid in RAIL_IDS)]).encode()
    done = _upload(client, "rail.csv", rows, "text/csv")
    assert done.status_code == 200 and 'id="profile-done"' in done.text
    assert "complete for rail carrier with 10 criteria" in done.text


def test_only_an_administrator_imports(client, people):
    sign_in(client, world.OFFICER)
    assert client.get("/admin/profiles").status_code == 403
