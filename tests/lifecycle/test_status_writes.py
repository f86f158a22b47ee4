"""The workflow is the only writer of status: assigning it anywhere else raises at run time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from audit_engine.domain.rules.status_writes import StatusWriteRefused
from audit_engine.services.review import findings
from audit_engine.storage.models.lifecycle import Audit, CorrectiveAction, Finding
from audit_engine.workflow.machines import fire, initial_status, start
from audit_engine.workflow.tables import ACTION, AUDIT, FINDING
from tests.lifecycle import world

NOW = datetime(2027, 1, 4, tzinfo=UTC)


def _finding() -> Finding:
    return Finding(audit_id=1, criterion_id="1.1", result="non_compliant", level="must",
                   severity="major", created_at=NOW)


@pytest.mark.parametrize("model", [Audit, Finding, CorrectiveAction])
def test_assigning_status_by_hand_is_refused(model):
    with pytest.raises(StatusWriteRefused, match=rf"{model.__name__}.status = 'closed'"):
        model(status="closed")


def test_a_row_starts_in_its_workflow_initial_state_and_moves_only_by_events():
    finding = _finding()
    assert start(FINDING, finding) == initial_status(FINDING) == "draft"
    with pytest.raises(StatusWriteRefused):
        finding.status = "dismissed"
    assert fire(FINDING, finding, "dismiss", subject="F-1", reason="duplicate") == "dismissed"
    assert [initial_status(w) for w in (AUDIT, ACTION)] == ["planned", "open"]


def test_a_stored_row_refuses_a_hand_written_status_too(app, tmp_path):
    world.cast(app)
    audit = world.plan(app)
    must, _ = world.must_and_should(app, audit)
    world.to_review(app, audit, tmp_path, {must: "non_compliant"})
    draft = findings.list_findings(app.uow(), audit)[0]
    with app.uow() as uow:
        row = uow.session.get(Finding, int(draft.id.split("-")[1]))
        with pytest.raises(StatusWriteRefused):
            row.status = "confirmed"
