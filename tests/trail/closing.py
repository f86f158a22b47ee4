"""Closing an audit with its final report, as the close command does."""

from __future__ import annotations

from pathlib import Path

from audit_engine.services.review import transitions as audit_flow
from tests.acting import as_cli
from tests.lifecycle.world import OFFICER


def close_with_report(app, audit: str) -> Path:
    done = audit_flow.close_audit(app.uow(), app.clock, actor=as_cli(OFFICER), audit=audit,
                                  on_closed=app.final_report_hook())
    return done.extra.path
