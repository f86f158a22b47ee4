"""Close is one step: the final report is rendered from the audit as closed and stored before
the transaction that closes it; a report that cannot be made refuses the close."""

from __future__ import annotations

from dataclasses import replace

import pytest

from audit_engine.bootstrap import build_app
from audit_engine.services.anchoring.anchor import head_at_close
from audit_engine.services.reports import rendering
from audit_engine.services.review import transitions
from audit_engine.services.review.closing import FinalReportFailed
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import OFFICER
from tests.reports.pdfs import pages_text

pytestmark = pytest.mark.slow


def test_the_stored_report_is_the_closed_audit_and_carries_its_closing(app, tmp_path):
    audit = world.ready_to_close(app, tmp_path)

    done = transitions.close_audit(app.uow(), app.clock, actor=as_cli(OFFICER), audit=audit,
                                   on_closed=app.final_report_hook())

    again = rendering.render_audit_report(app.uow(), app.renderer(), app.clock, audit=audit,
                                          output=tmp_path / "again.pdf")
    assert again.sha256 == done.extra.sha256  # rendered before the close == rendered after
    assert rendering.final_report_path(app.uow(), app.report_store(), audit) == \
        done.extra.path
    anchor = head_at_close(app.uow(), audit)
    assert anchor.key_id and len(anchor.hash) == 64
    text = " ".join(pages_text(done.extra.path.read_bytes())).replace("\n", " ")
    assert f"Head at close event #{anchor.seq}," in text  # the trail summary
    assert anchor.hash in text.replace(" ", "")
    checkpoints = app.settings.checkpoint_path.read_text().splitlines()
    assert f'"reason": "close {audit}"' in checkpoints[-1]


def test_a_report_that_cannot_be_rendered_refuses_the_close(app, tmp_path):
    audit = world.ready_to_close(app, tmp_path)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "audit_report.html").write_text("{{ no_such_thing.at_all }}")
    broken = build_app(replace(app.settings, template_dir=templates))
    try:
        with pytest.raises(FinalReportFailed, match=f"cannot close {audit}: the final report "
                           f"could not be made: .*{audit} stays in remediation"):
            transitions.close_audit(broken.uow(), broken.clock, actor=as_cli(OFFICER), audit=audit,
                                    on_closed=broken.final_report_hook())
    finally:
        broken.dispose()
    assert rendering.read_audit_view(app.uow(), audit).status == "remediation"
    assert head_at_close(app.uow(), audit) is None


def test_finalize_makes_the_missing_report_of_an_audit_closed_before_and_only_that(
        app, cli, tmp_path):
    audit = world.ready_to_close(app, tmp_path)
    transitions.close_transition(app.uow(), app.clock, actor=as_cli(OFFICER),
                                 audit=audit)  # the old way
    assert rendering.final_report_path(app.uow(), app.report_store(), audit) is None

    made = cli("report", "finalize", audit, "--as", OFFICER)
    again = cli("report", "finalize", audit, "--as", OFFICER)

    assert made.returncode == 0, made.stderr
    stored = rendering.final_report_path(app.uow(), app.report_store(), audit)
    assert f"final report: {stored}" in made.stdout and stored.read_bytes()[:5] == b"%PDF-"
    assert again.returncode == 5
    assert again.stderr == (f"error: {audit} already has its final report; `report finalize` "
                            "only makes a missing one\n")
    assert cli("log", "verify", "--deep").returncode == 0
