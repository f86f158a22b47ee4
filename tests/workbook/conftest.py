"""An audit in fieldwork, its workbook exported, and helpers to fill it as an auditor would."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from audit_engine.services.fieldwork.workbook_export import export_workbook
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import LEAD


@pytest.fixture
def fieldwork(app):
    world.cast(app)
    audit = world.plan(app)
    transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)
    return audit


@pytest.fixture
def exported(app, fieldwork, tmp_path) -> Path:
    done = export_workbook(app.uow(), key=app.workbook_key(), actor=as_cli(LEAD), audit=fieldwork)
    path = tmp_path / done.filename
    path.write_bytes(done.data)
    return path


def criterion_rows(sheet) -> dict[str, int]:
    """criterion id -> sheet row number."""
    return {str(row[0].value): row[0].row for row in sheet.iter_rows(min_row=2)
            if row[0].value is not None}


def open_sheet(path: Path):
    book = load_workbook(path)
    return book, book["Criteria"]
