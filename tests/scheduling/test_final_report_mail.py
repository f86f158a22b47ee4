"""When an audit closes (with the final report hook, as `audit close` does), the next tick
mails the facility manager the stored final PDF, byte for byte, once."""

from __future__ import annotations

import hashlib

from audit_engine.services.calendar import reminder_rules
from audit_engine.services.planning import planning
from audit_engine.services.reports import rendering
from tests.acting import as_cli
from tests.scheduling.conftest import at
from tests.scheduling.ticking import tick
from tests.scheduling.walk import OFFICER, Proof, close, fieldwork, set_clock


def closed_audit(world, tmp_path, *, with_final_report: bool = True):
    reminder_rules.set_rule(world.uow(), world.clock, actor=as_cli(OFFICER), key="weekly_digest",
                            enabled=False)
    set_clock(world, at("2027-01-05T09:00"))
    planned = planning.plan_audit(world.uow(), world.clock, world.catalogs(), actor=as_cli(OFFICER),
                                facility="F1", checklist="ctpat-msc", period="2027-Q1",
                                lead="lead@example.com")
    audit = planned.id
    fieldwork(world, audit, tmp_path / "evidence", [Proof("policy.pdf")])
    set_clock(world, at("2027-03-01T15:00"))
    return audit, close(world, audit, with_final_report=with_final_report)


def final_mails(smtp) -> list:
    return [(to, m) for to, m in smtp.messages
            if m["X-Audit-Engine-Key"].startswith("final_report:")]


def test_closing_mails_the_stored_final_report_to_the_manager_once(smtp_app, world, smtp,
                                                                     tmp_path):
    audit, final = closed_audit(world, tmp_path)
    stored = final.path.read_bytes()
    assert hashlib.sha256(stored).hexdigest() == final.sha256

    for moment in ("2027-03-01T15:05", "2027-03-01T15:05", "2027-03-02T07:00",
                   "2027-03-08T07:00"):
        summary = tick(smtp_app, at(moment))
        assert not summary.errors, summary.errors

    finals = final_mails(smtp)
    assert len(finals) == 1, [m["Subject"] for _, m in smtp.messages]
    [(recipients, message)] = finals
    assert recipients == ["mgr@example.com"]
    assert audit in message["Subject"]
    [pdf] = list(message.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == f"{audit}-F1-final.pdf"
    assert hashlib.sha256(pdf.get_content()).hexdigest() == final.sha256


def test_a_missing_final_report_is_rendered_stored_and_sent_at_dispatch(smtp_app, world, smtp,
                                                                        tmp_path):
    audit, _ = closed_audit(world, tmp_path, with_final_report=False)
    assert rendering.final_report_path(world.uow(), world.report_store(), audit) is None
    tick(smtp_app, at("2027-03-02T07:00"))
    tick(smtp_app, at("2027-03-02T07:30"))
    [(_, message)] = final_mails(smtp)
    stored = rendering.final_report_path(world.uow(), world.report_store(), audit)
    [pdf] = list(message.iter_attachments())
    assert pdf.get_content() == stored.read_bytes()


def test_a_manager_by_role_receives_the_final_report(smtp_app, world, smtp, tmp_path):
    """is_manager_of: the named manager and whoever holds the manager role for the facility."""
    from audit_engine.services.administration.people import add_user

    add_user(world.uow(), world.clock, actor=as_cli("admin@example.com"), email="plant@example.com",
             name="Plant Manager by role", roles=["manager"], facilities=["F1"])
    audit, _ = closed_audit(world, tmp_path)
    tick(smtp_app, at("2027-03-01T15:05"))
    [(recipients, message)] = final_mails(smtp)
    assert recipients == ["mgr@example.com", "plant@example.com"]
    text = message.get_body(("plain",)).get_content()
    assert f"/audits/{audit}" in text  # leads to the audit's page
