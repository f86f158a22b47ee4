"""The audits, corrective-actions, findings and evidence lists: search, filters, sort and
pages in the URL, and CSV/XLSX exports of the same filtered rows (every page). Rows come from
the services that authorize the reader; `services/pages/list_filters.py` filters them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from audit_engine.domain.errors import NotFound
from audit_engine.services.pages import action_page, list_rows
from audit_engine.services.pages.audit_visibility import visible_audits
from audit_engine.services.pages.list_filters import list_page, matching, parse_query, table_of
from audit_engine.services.reports.exports import export_file
from audit_engine.web.edge import render, services, signed_in

router = APIRouter()
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class _List:
    """What tells one list from another: its page and sorts, the rows its reader may see, how a
    row is filtered (facts) and written to the export (line), and the export's title, columns
    and file name."""

    template: str
    sorts: tuple[str, ...]
    visible: Callable  # (app, actor) -> rows
    facts: Callable
    line: Callable
    title: str
    headers: tuple
    stem: str

    def page(self, request: Request, identity):
        rows, query = self._read(request, identity)
        return render(request, self.template, listed=list_page(rows, query, self.facts))

    def export(self, request: Request, identity, fmt: str) -> Response:
        rows, query = self._read(request, identity)
        kept = [self.line(row) for row in matching(rows, query, self.facts)]
        return _file(fmt, table_of(self.title, self.headers, kept), self.stem)

    def _read(self, request: Request, identity):
        app = services(request)
        query = parse_query(request.query_params, self.sorts)
        return self.visible(app, identity.actor), query


def _audits(request: Request) -> _List:
    """The audits list as of today (its facts and lines say what is overdue)."""
    today = services(request).clock.now().date()
    return _List("audits.html", list_rows.AUDIT_SORTS,
                 lambda app, actor: visible_audits(app.uow(), actor=actor),
                 list_rows.audit_facts(today), lambda audit: list_rows.audit_line(audit, today),
                 "Audits", list_rows.AUDIT_HEADERS, "audits")


def _visible_findings(app, actor):
    from audit_engine.services.pages.finding_list import visible_findings

    return visible_findings(app.uow(), actor=actor)


def _visible_evidence(app, actor):
    from audit_engine.services.pages.evidence_list import visible_evidence

    return visible_evidence(app.uow(), actor=actor)


ACTIONS = _List("actions.html", list_rows.ACTION_SORTS,
                lambda app, actor: action_page.visible_actions(app.uow(), app.clock, actor=actor),
                list_rows.action_facts, list_rows.action_line, "Corrective actions",
                list_rows.ACTION_HEADERS, "corrective-actions")
FINDINGS = _List("findings.html", list_rows.FINDING_SORTS, _visible_findings,
                 list_rows.finding_facts, list_rows.finding_line, "Findings",
                 list_rows.FINDING_HEADERS, "findings")
EVIDENCE = _List("evidence.html", list_rows.EVIDENCE_SORTS, _visible_evidence,
                 list_rows.evidence_facts, list_rows.evidence_line, "Evidence",
                 list_rows.EVIDENCE_HEADERS, "evidence")


@router.get("/audits")
def audits(request: Request, identity=Depends(signed_in)):
    return _audits(request).page(request, identity)


@router.get("/audits.{fmt}")
def audits_export(request: Request, fmt: str, identity=Depends(signed_in)):
    return _audits(request).export(request, identity, fmt)


@router.get("/actions")
def actions(request: Request, identity=Depends(signed_in)):
    return ACTIONS.page(request, identity)


@router.get("/actions.{fmt}")
def actions_export(request: Request, fmt: str, identity=Depends(signed_in)):
    return ACTIONS.export(request, identity, fmt)


@router.get("/findings")
def findings(request: Request, identity=Depends(signed_in)):
    return FINDINGS.page(request, identity)


@router.get("/findings.{fmt}")
def findings_export(request: Request, fmt: str, identity=Depends(signed_in)):
    return FINDINGS.export(request, identity, fmt)


@router.get("/evidence")
def evidence(request: Request, identity=Depends(signed_in)):
    return EVIDENCE.page(request, identity)


@router.get("/evidence.{fmt}")
def evidence_export(request: Request, fmt: str, identity=Depends(signed_in)):
    return EVIDENCE.export(request, identity, fmt)


def _file(fmt: str, table, stem: str) -> Response:
    if fmt not in FORMATS:
        raise NotFound(f"no export as {fmt!r}")
    made = export_file(table, fmt, stem)
    return Response(made.data, media_type=made.media_type, headers={
        "Content-Disposition": f'attachment; filename="{made.filename}"'})
