"""Defects found in review, each pinned by a test that failed before its fix."""

from __future__ import annotations

import pytest

from audit_engine.domain.errors import PermissionDenied
from audit_engine.services.administration import people
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import OFFICER, OWNER

BOTH = "manager.officer@example.com"


@pytest.fixture
def cast_app(app):
    world.cast(app)
    people.add_user(app.uow(), app.clock, actor=as_cli(world.ADMIN), email=BOTH, name="Mo",
                    roles=["manager", "compliance_officer"], facilities=[world.FACILITY])
    return app


def test_who_recorded_evidence_on_an_action_cannot_verify_it(cast_app, tmp_path):
    app = cast_app
    [action] = world.to_remediation(app, world.plan(app), tmp_path)
    photo = tmp_path / "gate.jpg"
    photo.write_bytes(b"\xff\xd8 gate photo")
    world.act(app, BOTH, action, "start", evidence=photo)
    world.act(app, OWNER, action, "implement", note="gate repaired")
    with pytest.raises(PermissionDenied, match="recorded its evidence"):
        world.act(app, BOTH, action, "verify", note="fine")
    world.act(app, OFFICER, action, "verify", note="seen on site")


def test_not_applicable_without_a_justification_is_refused_when_answering(cast_app):
    from audit_engine.domain.errors import InvalidInput
    from audit_engine.services.fieldwork import answers
    from audit_engine.services.review import transitions

    app = cast_app
    audit = world.plan(app)
    transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(world.LEAD), audit=audit)
    with pytest.raises(InvalidInput, match="criterion 1.1: not applicable needs a justification"):
        answers.record_answer(app.uow(), app.clock, actor=as_cli(world.LEAD), audit=audit,
                              criterion="1.1", result="not_applicable", note="  ")
    answers.record_answer(app.uow(), app.clock, actor=as_cli(world.LEAD), audit=audit,
                          criterion="1.1", result="not_applicable", note="no such activity")


def test_categories_sort_by_number_in_scores(cast_app):
    from audit_engine.domain.rules.scoring import ScoredAnswer, natural_key, scorecard
    from audit_engine.services.pages.dossier import show_audit

    assert sorted(["10", "2", "1", "12", "6.10", "6.2"], key=natural_key) == [
        "1", "2", "6.2", "6.10", "10", "12"]
    card = scorecard(ScoredAnswer(f"{c}.1", str(c), "must", "compliant") for c in (10, 2, 1))
    assert list(card.by_category) == ["1", "2", "10"]
    shown = show_audit(cast_app.uow(), cast_app.clock, world.plan(cast_app))
    categories = list(shown.scores_by_category)
    assert categories == sorted(categories, key=natural_key) and "10" in categories
