"""Reports and exports for the acting user: each checks the read table first
(services/access.py) and covers only the facilities the reader may read (narrowed to one
`facility` when given: the API's `?facility=`)."""

from __future__ import annotations

from pathlib import Path

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.services.access import reader_scope, require_audit_number
from audit_engine.services.ports import Renderer, UnitOfWork
from audit_engine.services.reports import exports, rendering


def audit_report_for(uow: UnitOfWork, renderer: Renderer, clock: Clock, *, actor: Actor,
                     audit: AuditId,
                     output: Path | None = None, fmt: str = "pdf",
                     extras: rendering.AuditExtras | None = None,
                     language: str = "en") -> rendering.RenderedReport:
    """`extras`: the evidence store (photos of remediation) and the trail setting."""
    number = require_audit_number(uow, actor=actor, ref=audit)
    return rendering.render_audit_report(uow, renderer, clock, audit=number, output=output,
                                         fmt=fmt, extras=extras, language=language)


def closed_reports_for(uow: UnitOfWork, renderer: Renderer, clock: Clock, *, actor: Actor,
                       period: str,
                       out_dir: Path, extras: rendering.AuditExtras | None = None):
    """Every closed audit of the period the actor may read. -> BatchSummary"""
    scope = reader_scope(uow, actor=actor, read="audit.read")
    return rendering.render_closed_batch(uow, renderer, clock, period=period, out_dir=out_dir,
                                         facilities=scope, extras=extras)


def portfolio_for(uow: UnitOfWork, renderer: Renderer, clock: Clock, *, actor: Actor,
                  output: Path | None = None,
                  facility: str | None = None, language: str = "en",
                  criteria_text=None) -> rendering.RenderedReport:
    """`criteria_text`: the checklists' text by (catalog id, language), as in AuditExtras."""
    scope = reader_scope(uow, actor=actor, read="portfolio.read", facility=facility)
    return rendering.render_portfolio(uow, renderer, clock, output=output, language=language,
                                      facilities=None if scope is None else sorted(scope),
                                      criteria_text=criteria_text)


def actions_report_for(uow: UnitOfWork, renderer: Renderer, clock: Clock, *, actor: Actor,
                       owner: str | None = None,
                       output: Path | None = None, facility: str | None = None,
                       language: str = "en", criteria_text=None) -> rendering.RenderedReport:
    scope = reader_scope(uow, actor=actor, read="audit.read", facility=facility)
    return rendering.render_actions(uow, renderer, clock, owner=owner, output=output,
                                    facilities=scope, language=language,
                                    criteria_text=criteria_text)


def portfolio_table_for(uow: UnitOfWork, clock: Clock, *, actor: Actor,
                        facility: str | None = None) -> exports.Table:
    scope = reader_scope(uow, actor=actor, read="portfolio.read", facility=facility)
    return exports.portfolio_table(uow, clock, scope)


def actions_table_for(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId | None = None,
                      overdue: bool = False) -> exports.Table:
    number = require_audit_number(uow, actor=actor, ref=audit) if audit else None
    scope = reader_scope(uow, actor=actor, read="audit.read")
    return exports.actions_table(uow, clock, audit=number, overdue=overdue, facilities=scope)


def findings_table_for(uow: UnitOfWork, clock: Clock, *, actor: Actor,
                       audit: AuditId) -> exports.Table:
    number = require_audit_number(uow, actor=actor, ref=audit)
    return exports.findings_table(uow, clock, audit=number)


def risk_grid_for(uow: UnitOfWork, clock: Clock, *, actor: Actor):
    """The dashboards' risk grid (views/grid.py) of the facilities the actor may read the
    portfolio of, in the portfolio's risk order; None for someone without the portfolio."""
    from audit_engine.domain.errors import PermissionDenied
    from audit_engine.services.reports.portfolio_data import load_portfolio
    from audit_engine.services.reports.views.grid import risk_grid
    from audit_engine.services.reports.views.risk import risk_rows

    try:
        scope = reader_scope(uow, actor=actor, read="portfolio.read")
    except PermissionDenied:
        return None
    today = clock.now().date()
    with uow.reading():
        view = load_portfolio(uow.session, today, None if scope is None else sorted(scope))
    rows = risk_rows(view.latest, [c.id for c in view.categories], view.actions, today)
    return risk_grid(rows, view.categories)
def final_report_for(uow: UnitOfWork, reports, *, actor: Actor, audit: AuditId) -> Path | None:
    """The stored final report of an audit the actor may read (None before it is closed)."""
    number = require_audit_number(uow, actor=actor, ref=audit)
    return rendering.final_report_path(uow, reports, number)


def audit_document_for(uow: UnitOfWork, renderer: Renderer, clock: Clock, *, actor: Actor,
                       audit: AuditId, fmt: str = "pdf",
                       extras: rendering.AuditExtras | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of the audit's report as HTML or PDF, rendered in memory, for one
    who may read the audit (the web's report links)."""
    require_audit_number(uow, actor=actor, ref=audit)
    view = rendering.read_audit_view(uow, audit)
    moment = rendering.report_moment(view, clock)
    if fmt == "html":
        html = rendering.audit_html(renderer, view, moment, extras)
        return f"{view.id}-report.html", html.encode()
    return f"{view.id}-report.pdf", rendering.audit_pdf(renderer, view, moment, extras)
