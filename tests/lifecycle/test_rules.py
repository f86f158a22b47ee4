"""Pure rules and the machines, without a database."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from audit_engine.domain.errors import InvalidInput, NotFound, TransitionNotAllowed
from audit_engine.domain.rules.lifecycle import (
    default_due,
    is_overdue,
    parse_id,
    parse_period,
    severity_for,
)
from audit_engine.domain.rules.scoring import ScoredAnswer, scorecard
from audit_engine.workflow.machines import fire
from audit_engine.workflow.tables import ACTION, AUDIT


@pytest.mark.parametrize(
    ("level", "result", "severity"),
    [
        ("must", "non_compliant", "major"),
        ("must", "partial", "minor"),
        ("should", "non_compliant", "minor"),
        ("should", "partial", "observation"),
        ("must", "compliant", None),
        ("should", "not_applicable", None),
    ],
)
def test_severity_rule(level, result, severity):
    assert severity_for(level, result) == severity


def test_scores_exclude_not_applicable_and_count_failed_musts():
    card = scorecard(
        [
            ScoredAnswer("1.1", "1", "must", "compliant"),
            ScoredAnswer("1.2", "1", "must", "partial"),
            ScoredAnswer("2.1", "2", "should", "non_compliant"),
            ScoredAnswer("2.2", "2", "should", "not_applicable"),
            ScoredAnswer("2.3", "2", "must", None),
        ]
    )
    assert card.overall.earned == 1.5 and card.overall.counted == 3
    assert card.by_category["1"].percent == 75.0 and card.by_category["2"].percent == 0.0
    assert card.failed_must == 1 and card.answered == 4


def test_periods_ids_and_due_dates():
    assert parse_period("2027-Q1") == (date(2027, 1, 1), date(2027, 3, 31))
    assert parse_period("2027-Q4")[1] == date(2027, 12, 31)
    for bad in ("2027-Q5", "2027Q1", "27-Q1", ""):
        with pytest.raises(InvalidInput):
            parse_period(bad)
    assert parse_id("audit", "A-12") == parse_id("audit", "a-12") == parse_id("audit", "12") == 12
    with pytest.raises(NotFound):
        parse_id("audit", "F-3")
    assert default_due("major", date(2027, 1, 1)) == date(2027, 1, 31)
    assert is_overdue("open", date(2027, 1, 1), date(2027, 1, 2))
    assert not is_overdue("verified", date(2027, 1, 1), date(2027, 1, 2))


def test_fire_moves_the_row_or_names_the_refusal():
    row = SimpleNamespace(status="planned")
    with pytest.raises(TransitionNotAllowed, match="cannot start A-1 from planned: no lead"):
        fire(AUDIT, row, "start", subject="A-1", lead=None, checklist="c")
    assert row.status == "planned"
    assert fire(AUDIT, row, "start", subject="A-1", lead="l@x", checklist="c") == "fieldwork"
    with pytest.raises(TransitionNotAllowed, match="cannot close A-1 from fieldwork"):
        fire(AUDIT, row, "close", subject="A-1")
    with pytest.raises(TransitionNotAllowed, match="a reason is required"):
        fire(AUDIT, row, "cancel", subject="A-1", reason="  ")
    action = SimpleNamespace(status="implemented")
    assert fire(ACTION, action, "reject", subject="CA-1", reason="redo") == "in_progress"
