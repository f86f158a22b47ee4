"""Export, fill as an auditor would, import: the audit holds what was written."""

from __future__ import annotations

from sqlmodel import select

from audit_engine.services.anchoring.deep_check import deep_differences
from audit_engine.services.fieldwork.workbook_import import import_workbook
from audit_engine.storage.models.lifecycle import Answer, AuditEvent, Evidence, EvidenceLink
from tests.acting import as_cli
from tests.lifecycle.world import LEAD
from tests.workbook.conftest import criterion_rows, open_sheet


def answers_of(app, audit: str) -> dict[str, tuple]:
    with app.uow().reading() as uow:
        rows = uow.session.exec(select(Answer).where(Answer.audit_id == int(audit[2:]))).all()
        return {a.criterion_id: (a.result, a.note) for a in rows}


def test_workbook_lists_every_criterion_with_a_dropdown_and_a_hidden_stamp(app, exported):
    book, sheet = open_sheet(exported)
    rows = criterion_rows(sheet)
    assert len(rows) == len(answers_of(app, "A-1"))
    assert [c.value for c in sheet[1]][:7] == ["ID", "Category", "Title", "Level", "Guidance",
                                               "Auditor questions", "Result"]
    assert book["audit-engine"].sheet_state == "hidden"
    assert sheet.protection.sheet and sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$1"
    [validation] = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert "non_compliant" in validation.formula1
    first = next(iter(rows.values()))
    assert sheet.cell(first, 1).protection.locked
    assert not sheet.cell(first, 7).protection.locked


def test_round_trip_with_formula_merge_spaces_and_case(app, fieldwork, exported, tmp_path):
    book, sheet = open_sheet(exported)
    ids = list(criterion_rows(sheet).items())
    (c1, r1), (c2, r2), (c3, r3) = ids[:3]
    pairs = zip(ids[3:], ids[4:], strict=False)
    (c4, r4), (c5, r5) = next((a, b) for a, b in pairs if b[1] == a[1] + 1)  # adjacent rows
    sheet.cell(r1, 7, "  Compliant  ")
    sheet.cell(r1, 9, "fence-photo.jpg")
    sheet.cell(r2, 7, f"=G{r1}")  # "same as above": a formula never opened in Excel
    sheet.cell(r3, 7, "NON-COMPLIANT")
    sheet.cell(r3, 8, "gate left open   ")
    sheet.cell(r4, 7, "partial")
    sheet.merge_cells(start_row=r4, start_column=8, end_row=r5, end_column=8)
    sheet.cell(r4, 8, "one note for both rows")
    sheet.cell(r5, 7, "Partial")
    book.save(exported)
    photos = tmp_path / "photos"
    photos.mkdir()
    (photos / "fence-photo.jpg").write_bytes(b"\xff\xd8 a fence")

    done = import_workbook(app.uow(), app.clock, app.evidence_store(), key=app.workbook_key(),
                           actor=as_cli(LEAD), audit=fieldwork, path=exported, evidence_dir=photos)

    assert sorted(c.criterion for c in done.changes) == sorted([c1, c2, c3, c4, c5])
    answers = answers_of(app, fieldwork)
    assert answers[c1] == ("compliant", "")
    assert answers[c2] == ("compliant", "")
    assert answers[c3] == ("non_compliant", "gate left open")
    assert answers[c4] == answers[c5] == ("partial", "one note for both rows")
    with app.uow().reading() as uow:
        events = uow.session.exec(select(AuditEvent).where(
            AuditEvent.action == "answer.record")).all()
        [evidence] = uow.session.exec(select(Evidence)).all()
        links = uow.session.exec(select(EvidenceLink.criterion_id)).all()
    assert len(events) == 5
    assert evidence.original_name == "fence-photo.jpg" and links == [c1]
    assert deep_differences(app.uow(), app.evidence_store(), app.report_store()) == []


def test_import_again_changes_nothing_and_dry_run_writes_nothing(app, fieldwork, exported):
    book, sheet = open_sheet(exported)
    first = next(iter(criterion_rows(sheet).values()))
    sheet.cell(first, 7, "not_applicable")
    sheet.cell(first, 8, "no yard at this site")
    book.save(exported)
    before = answers_of(app, fieldwork)

    planned = import_workbook(app.uow(), app.clock, app.evidence_store(), key=app.workbook_key(),
                              actor=as_cli(LEAD), audit=fieldwork, path=exported, dry_run=True)
    assert len(planned.changes) == 1 and answers_of(app, fieldwork) == before

    import_workbook(app.uow(), app.clock, app.evidence_store(), key=app.workbook_key(),
                    actor=as_cli(LEAD), audit=fieldwork, path=exported)
    again = import_workbook(app.uow(), app.clock, app.evidence_store(), key=app.workbook_key(),
                            actor=as_cli(LEAD), audit=fieldwork, path=exported)
    assert again.changes == ()


def test_the_rest_of_a_category_leaves_answered_criteria_alone(app, fieldwork):
    from audit_engine.services.fieldwork.answer_rest import answer_rest
    from audit_engine.services.fieldwork.answers import record_answer

    in_one = [c for c, (_, _) in answers_of(app, fieldwork).items() if c.split(".")[0] == "1"]
    record_answer(app.uow(), app.clock, actor=as_cli(LEAD), audit=fieldwork, criterion=in_one[0],
                  result="partial", note="one lock worn")
    done = answer_rest(app.uow(), app.clock, actor=as_cli(LEAD), audit=fieldwork, category="1",
                       result="Compliant")
    assert done.criteria == tuple(in_one[1:])
    assert answers_of(app, fieldwork)[in_one[0]] == ("partial", "one lock worn")
    again = answer_rest(app.uow(), app.clock, actor=as_cli(LEAD), audit=fieldwork, category="1",
                        result="compliant")
    assert again.criteria == ()
