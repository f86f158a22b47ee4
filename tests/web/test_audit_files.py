"""An audit's files on its page: the workbook downloaded and uploaded back (a bad file shows
its problems in a table and writes nothing), and the archive of a closed audit."""

from __future__ import annotations

import io
import zipfile

from audit_engine.services.actions import actions
from audit_engine.services.fieldwork.answers import record_answer
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import csrf_of, sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(client, audit, data: bytes):
    page = client.get(f"/audits/{audit}").text
    return client.post(f"/audits/{audit}/workbook", data={"csrf": csrf_of(page)},
                       files={"workbook": ("filled.xlsx", data, XLSX)})


def test_the_workbook_goes_out_and_comes_back(client, people):
    audit = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    sign_in(client, world.LEAD)
    page = client.get(f"/audits/{audit}").text
    assert 'id="workbook-download"' in page
    sheet = client.get(f"/audits/{audit}/workbook.xlsx")
    assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
    done = _upload(client, audit, sheet.content)
    assert done.status_code == 200 and 'id="workbook-done">0 answers and 0' in done.text
    bad = _upload(client, audit, b"=cmd|' /C calc'!A0 not a workbook")
    assert bad.status_code == 422 and 'id="workbook-problems"' in bad.text
    assert "nothing was written" in bad.text


def test_a_changed_answer_makes_the_upload_a_conflict(client, people):
    audit = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit)
    sign_in(client, world.LEAD)
    sheet = client.get(f"/audits/{audit}/workbook.xlsx").content
    must, _ = world.must_and_should(people, audit)
    record_answer(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=audit, criterion=must,
                  result="compliant", note="")
    again = _upload(client, audit, sheet)
    assert again.status_code in (200, 409)  # an unchanged row is no conflict


def test_the_archive_of_a_closed_audit(client, people, tmp_path):
    audit = world.plan(people)
    [action] = world.to_remediation(people, audit, tmp_path)
    for actor, event in ((world.OWNER, "start"), (world.OWNER, "implement"),
                         (world.OFFICER, "verify")):
        actions.act_on(people.uow(), people.clock, people.evidence_store(), actor=as_cli(actor),
                       action=action, event=event, note="done")
    transitions.close_audit(people.uow(), people.clock, actor=as_cli(world.OFFICER), audit=audit,
                            on_closed=people.final_report_hook())
    sign_in(client, world.OFFICER)
    assert 'id="archive-download"' in client.get(f"/audits/{audit}").text
    made = client.get(f"/audits/{audit}/archive.zip")
    assert made.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(made.content)).namelist()
    assert any(n.endswith(".pdf") for n in names)
