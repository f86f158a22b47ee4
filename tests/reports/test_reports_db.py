"""Reports from the database: services and the installed command, on SQLite (and PostgreSQL).

Audits here use a six-criterion company checklist (checklists/small.yaml): every report is a
few pages, so each render costs about a second instead of several, and each test renders as
few PDFs as what it checks needs (the final report at close is rendered once, in one test).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from sqlmodel import select

from audit_engine.bootstrap.app import build_app
from audit_engine.domain.errors import NotFound
from audit_engine.services.actions import actions
from audit_engine.services.administration import setup
from audit_engine.services.planning import planning
from audit_engine.services.reports import rendering
from audit_engine.services.review import transitions
from audit_engine.services.trail import verify_log
from audit_engine.storage.models.catalog import ChecklistCatalog
from audit_engine.storage.models.lifecycle import AuditEvent
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import OFFICER, OWNER
from tests.reports.pdfs import attachments, pages_text

AS = ("--as", OFFICER)  # who reads: an officer of every facility

pytestmark = pytest.mark.slow
SMALL_CHECKLISTS = Path(__file__).parent / "checklists"


@pytest.fixture
def small_app(settings):
    """Like `app`, with the small company checklist loaded too (same home and database)."""
    app = build_app(dataclasses.replace(settings, checklist_dirs=(SMALL_CHECKLISTS,)))
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    yield app
    app.dispose()


def closed_audit(app, tmp_path, final_report: bool = True):
    """A small audit walked to closed: one finding, its action verified. -> (audit, final)."""
    world.cast(app)
    row = planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(OFFICER),
                            facility=world.FACILITY, checklist="test-small",
                            period=world.PERIOD, lead=world.LEAD)
    audit = row.id
    [action] = world.to_remediation(app, audit, tmp_path)
    store = app.evidence_store()
    for actor, event in ((OWNER, "start"), (OWNER, "implement"), (OFFICER, "verify")):
        actions.act_on(app.uow(), app.clock, store, actor=as_cli(actor), action=action, event=event,
                       note="done")
    hook = (rendering.final_report_hook(app.uow, app.renderer(), app.clock,
                                      app.report_store(), as_cli(OFFICER))
            if final_report else None)
    result = transitions.close_audit(app.uow(), app.clock, actor=as_cli(OFFICER), audit=audit,
                                    on_closed=hook)
    return audit, result.extra


def test_final_report_at_close_is_stored_recorded_and_reproducible(small_app, tmp_path):
    app = small_app
    audit, final = closed_audit(app, tmp_path)
    pdf = final.path.read_bytes()
    assert final.path.name == f"{final.sha256}.pdf"
    assert final.path.is_relative_to(app.settings.report_dir)
    text = "\n".join(pages_text(pdf))
    assert "DRAFT" not in text and audit in text and "CA-" in text
    assert list(attachments(pdf)) == [f"{audit}.json"]
    uow = app.uow()
    with uow.reading():
        event = uow.session.exec(select(AuditEvent).where(
            AuditEvent.action == rendering.FINAL_EVENT)).one()
        assert final.sha256 in event.payload
    assert verify_log(app.uow()).ok
    assert rendering.final_report_path(app.uow(), app.report_store(), audit) == final.path

    # The catalog changes afterwards: the closed audit's report does not.
    uow = app.uow()
    with uow:
        for row in uow.session.exec(select(ChecklistCatalog)).all():
            changed = dict(row.snapshot)
            changed["criteria"] = [{**c, "title": "CHANGED " + c["title"]}
                                   for c in changed["criteria"]]
            row.snapshot = changed
            uow.session.add(row)
        uow.commit()
    again = rendering.render_audit_report(app.uow(), app.renderer(), app.clock, audit=audit,
                                        output=tmp_path / "again.pdf")
    assert again.sha256 == final.sha256


def test_report_commands(small_app, cli, tmp_path):
    audit, _ = closed_audit(small_app, tmp_path, final_report=False)  # rendered in the test above
    out = tmp_path / "out"
    out.mkdir()
    done = cli("report", "audit", *AS, audit, "-o", str(out / "a.pdf"))
    assert done.returncode == 0, done.stderr
    assert "Page 1 of" in pages_text((out / "a.pdf").read_bytes())[0]
    html = cli("report", "audit", *AS, audit, "--format", "html", "-o", str(out / "a.html"))
    page = (out / "a.html").read_text()
    assert html.returncode == 0 and "<html" in page
    assert "file:" not in page and "report_templates" not in page  # no local paths linked
    assert 'href="data:text/css;base64,' in page

    batch = cli("report", "audit", *AS, "--all-closed", "--period", world.PERIOD, "-o", str(out))
    assert batch.returncode == 0, batch.stderr
    assert "1 report(s) written" in batch.stderr and "[" not in batch.stderr  # no bar: not a tty
    [written] = batch.stdout.split()
    assert Path(written).read_bytes() == (out / "a.pdf").read_bytes()  # closed: reproducible

    portfolio = cli("report", "portfolio", *AS, "-o", str(out / "p.pdf"))
    assert portfolio.returncode == 0, portfolio.stderr
    assert world.FACILITY in "\n".join(pages_text((out / "p.pdf").read_bytes()))
    mine = cli("report", "actions", "--owner", OWNER, "--as", OWNER, "-o", str(out / "c.pdf"))
    assert mine.returncode == 0, mine.stderr
    assert "Corrective actions of owner@example.com" in pages_text((out / "c.pdf").read_bytes())[0]


def test_bad_input_gives_one_line_and_leaves_no_file(app, cli, tmp_path):
    world.cast(app)
    audit = world.plan(app)
    unknown = cli("report", "audit", *AS, "A-999", "-o", str(tmp_path / "x.pdf"))
    assert unknown.returncode == 4 and unknown.stderr.startswith("error: audit A-999 not found")
    missing = cli("report", "audit", *AS, audit, "-o", str(tmp_path / "missing" / "x.pdf"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    read_only = tmp_path / "ro"
    read_only.mkdir()
    read_only.chmod(0o555)
    target = read_only if os.geteuid() != 0 else "/sys"  # root ignores modes; sysfs refuses
    refused = cli("report", "audit", *AS, audit, "-o", f"{target}/x.pdf")
    assert refused.returncode == 2 and "error:" in refused.stderr
    assert not os.path.exists(f"{target}/x.pdf") and list(read_only.iterdir()) == []
    broken = tmp_path / "tpl"
    broken.mkdir()
    (broken / "audit_report.html").write_text("<p>\n{{ audit.id }\n</p>")
    bad = cli("report", "audit", *AS, audit, "-o", str(tmp_path / "b.pdf"),
              env={"AUDIT_ENGINE_TEMPLATE_DIR": str(broken)})
    assert bad.returncode == 2 and "audit_report.html:2" in bad.stderr
    assert not (tmp_path / "b.pdf").exists()
    with pytest.raises(NotFound):
        rendering.render_audit_report(app.uow(), app.renderer(), app.clock, audit="A-999")
