"""Issue 28 item 8: a finding dismissed because its answer changed before resubmission keeps
the severity it was drafted with; `log verify --deep` must not call that tampering."""

from __future__ import annotations

from audit_engine.services.fieldwork import answers
from audit_engine.services.review import findings, transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import LEAD, MANAGER
from tests.trail.test_replay_property import deep


def test_a_draft_dismissed_on_resubmission_is_not_tampering(app, tmp_path):
    world.cast(app)
    audit = world.plan(app)
    must, should = world.must_and_should(app, audit)
    world.to_review(app, audit, tmp_path, {must: "non_compliant", should: "partial"})
    assert len(findings.list_findings(app.uow(), audit)) == 2
    transitions.return_audit(app.uow(), app.clock, actor=as_cli(MANAGER), audit=audit,
                             reason="recheck")
    answers.record_answer(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit, criterion=should,
                          result="compliant", note="")
    transitions.submit_audit(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)
    statuses = sorted(f.status for f in findings.list_findings(app.uow(), audit))
    assert statuses == ["dismissed", "draft"]
    assert deep(app) == []
