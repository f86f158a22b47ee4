"""Every refusal names its cell, and nothing is written."""

from __future__ import annotations

import pytest
from sqlmodel import select

from audit_engine.domain.formats.workbook import WorkbookConflict, WorkbookRefused
from audit_engine.services.fieldwork import answers
from audit_engine.services.fieldwork.workbook_import import import_workbook
from audit_engine.services.planning import planning
from audit_engine.services.review import transitions
from audit_engine.storage.models.lifecycle import Audit, AuditEvent
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import LEAD
from tests.workbook.conftest import criterion_rows, open_sheet


def state(app):
    """What an import could change: every audit's version and the trail length."""
    with app.uow().reading() as uow:
        versions = uow.session.exec(select(Audit.id, Audit.version)).all()
        events = len(uow.session.exec(select(AuditEvent.seq)).all())
    return sorted(versions), events


def refused(app, audit, path) -> list[str]:
    before = state(app)
    with pytest.raises(WorkbookRefused) as caught:
        import_workbook(app.uow(), app.clock, app.evidence_store(), key=app.workbook_key(),
                        actor=as_cli(LEAD), audit=audit, path=path)
    assert state(app) == before
    return list(caught.value.problems)


def test_every_row_problem_is_reported_at_once_with_its_cell(app, fieldwork, exported):
    book, sheet = open_sheet(exported)
    rows = list(criterion_rows(sheet).items())
    (_, bad_result), (_, no_note), (deleted, gone) = rows[0], rows[1], rows[2]
    sheet.cell(bad_result, 7, "complaint")
    sheet.cell(no_note, 7, "non_compliant")
    sheet.delete_rows(gone)
    book.save(exported)

    problems = refused(app, fieldwork, exported)

    assert problems == [
        f"Criteria!G{bad_result}: result 'complaint' is not one of: compliant, partial, "
        "non_compliant, not_applicable",
        f"Criteria!H{no_note}: non_compliant needs a note",
        f"Criteria!A{gone}: the row of criterion {deleted} was deleted; every exported row "
        "must stay",
    ]
    assert _in_spanish(problems) == [
        f"Criteria!G{bad_result}: el resultado 'complaint' no es uno de: compliant, partial, "
        "non_compliant, not_applicable",
        f"Criteria!H{no_note}: no cumple requiere una nota",
        f"Criteria!A{gone}: se borró la fila del criterio {deleted}; todas las filas exportadas "
        "deben quedarse",
    ]


def _in_spanish(problems: list[str]) -> list[str]:
    """The problems as the workbook page shows them to a Spanish reader."""
    import contextvars

    from audit_engine.languages import current
    from audit_engine.languages.wording import wording_for

    def said() -> list[str]:
        current.speaking(wording_for("es"))
        return [current.say(p) for p in problems]

    return contextvars.copy_context().run(said)


def test_another_audits_workbook_is_refused(app, fieldwork, exported):
    row = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(world.OFFICER),
                            facility="MX-01", checklist=world.CHECKLIST, period=world.PERIOD,
                            lead=LEAD)
    other = row.id
    assert refused(app, other, exported) == [
        f"audit-engine!B2: this workbook is for audit {fieldwork}, not {other}"]


def test_an_edited_hidden_sheet_is_refused(app, fieldwork, exported):
    book, _ = open_sheet(exported)
    book["audit-engine"]["B3"] = 99  # the version at export
    book.save(exported)
    [problem] = refused(app, fieldwork, exported)
    assert problem.startswith("audit-engine!B6: the signature does not match")


def test_a_50_mb_file_is_refused_before_parsing(app, fieldwork, tmp_path):
    huge = tmp_path / "huge.xlsx"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    [problem] = refused(app, fieldwork, huge)
    assert problem == ("huge.xlsx: 52428800 bytes is over the limit of 10485760 bytes for a "
                       "workbook")


def test_a_file_that_is_not_a_workbook_is_refused(app, fieldwork, tmp_path):
    text = tmp_path / "answers.xlsx"
    text.write_text("criterion,result\n1.1,compliant\n")
    assert refused(app, fieldwork, text) == [
        "answers.xlsx: not an XLSX workbook (not a ZIP container)"]


def test_a_new_evidence_file_needs_the_evidence_dir(app, fieldwork, exported):
    book, sheet = open_sheet(exported)
    row = next(iter(criterion_rows(sheet).values()))
    sheet.cell(row, 9, "gate.jpg")
    book.save(exported)
    assert refused(app, fieldwork, exported) == [
        f"Criteria!I{row}: gate.jpg is new; give --evidence-dir with the file in it"]


def test_answers_changed_on_both_sides_conflict_and_one_side_changes_apply(
        app, fieldwork, exported):
    book, sheet = open_sheet(exported)
    (both, both_row), (mine, mine_row), (theirs, _) = list(criterion_rows(sheet).items())[:3]
    sheet.cell(both_row, 7, "compliant")
    sheet.cell(mine_row, 7, "compliant")
    book.save(exported)
    for criterion in (both, theirs):
        answers.record_answer(app.uow(), app.clock, actor=as_cli(LEAD), audit=fieldwork,
                              criterion=criterion, result="partial", note="seen at the gate")
    before = state(app)
    with pytest.raises(WorkbookConflict) as caught:
        import_workbook(app.uow(), app.clock, app.evidence_store(), key=app.workbook_key(),
                        actor=as_cli(LEAD), audit=fieldwork, path=exported)
    assert caught.value.criteria == (both,) and caught.value.exit_code == 5
    assert state(app) == before

    sheet.cell(both_row, 7, "partial")
    sheet.cell(both_row, 8, "seen at the gate")  # now the same as the audit: no conflict
    book.save(exported)
    done = import_workbook(app.uow(), app.clock, app.evidence_store(), key=app.workbook_key(),
                           actor=as_cli(LEAD), audit=fieldwork, path=exported)
    assert [c.criterion for c in done.changes] == [mine]


def test_a_workbook_is_not_applied_outside_fieldwork(app, fieldwork, exported, tmp_path):
    transitions.cancel_audit(app.uow(), app.clock, actor=as_cli(world.OFFICER), audit=fieldwork,
                            reason="site closed")
    from audit_engine.domain.errors import TransitionNotAllowed

    with pytest.raises(TransitionNotAllowed):
        import_workbook(app.uow(), app.clock, app.evidence_store(), key=app.workbook_key(),
                        actor=as_cli(LEAD), audit=fieldwork, path=exported)


def test_evidence_named_but_not_in_the_folder_is_refused_at_its_cell(app, fieldwork, exported,
                                                                     tmp_path):
    book, sheet = open_sheet(exported)
    row = next(iter(criterion_rows(sheet).values()))
    sheet.cell(row, 9, "gate.jpg\n../secret.txt")
    book.save(exported)
    photos = tmp_path / "photos"
    photos.mkdir()
    before = state(app)
    with pytest.raises(WorkbookRefused) as caught:
        import_workbook(app.uow(), app.clock, app.evidence_store(), key=app.workbook_key(),
                        actor=as_cli(LEAD), audit=fieldwork, path=exported, evidence_dir=photos)
    assert caught.value.problems == (
        f"Criteria!I{row}: gate.jpg: no such file in {photos}",
        f"Criteria!I{row}: '../secret.txt': give a file name only, no folder",
    )
    assert state(app) == before
