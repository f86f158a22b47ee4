"""The audits, corrective-actions, findings and evidence lists: search, filters, sort and
pages in the URL, and CSV/XLSX exports of the same filtered rows (every page). Rows come from
the services that authorize the reader; `services/pages/list_filters.py` filters them."""

from __future__ import annotations

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


def _audits(request: Request, identity):
    app = services(request)
    today = app.clock.now().date()
    query = parse_query(request.query_params, list_rows.AUDIT_SORTS)
    rows = visible_audits(app.uow(), actor=identity.actor)
    return rows, query, list_rows.audit_facts(today), today


@router.get("/audits")
def audits(request: Request, identity=Depends(signed_in)):
    rows, query, facts, _ = _audits(request, identity)
    return render(request, "audits.html", listed=list_page(rows, query, facts))


@router.get("/audits.{fmt}")
def audits_export(request: Request, fmt: str, identity=Depends(signed_in)):
    rows, query, facts, today = _audits(request, identity)
    kept = [list_rows.audit_line(a, today) for a in matching(rows, query, facts)]
    return _file(fmt, table_of("Audits", list_rows.AUDIT_HEADERS, kept), "audits")


def _actions(request: Request, identity):
    app = services(request)
    query = parse_query(request.query_params, list_rows.ACTION_SORTS)
    rows = action_page.visible_actions(app.uow(), app.clock, actor=identity.actor)
    return rows, query


@router.get("/actions")
def actions(request: Request, identity=Depends(signed_in)):
    rows, query = _actions(request, identity)
    return render(request, "actions.html",
                  listed=list_page(rows, query, list_rows.action_facts))


@router.get("/actions.{fmt}")
def actions_export(request: Request, fmt: str, identity=Depends(signed_in)):
    rows, query = _actions(request, identity)
    kept = [list_rows.action_line(r) for r in matching(rows, query, list_rows.action_facts)]
    return _file(fmt, table_of("Corrective actions", list_rows.ACTION_HEADERS, kept),
                 "corrective-actions")


def _findings(request: Request, identity):
    from audit_engine.services.pages.finding_list import visible_findings

    app = services(request)
    query = parse_query(request.query_params, list_rows.FINDING_SORTS)
    return visible_findings(app.uow(), actor=identity.actor), query


@router.get("/findings")
def findings(request: Request, identity=Depends(signed_in)):
    rows, query = _findings(request, identity)
    return render(request, "findings.html",
                  listed=list_page(rows, query, list_rows.finding_facts))


@router.get("/findings.{fmt}")
def findings_export(request: Request, fmt: str, identity=Depends(signed_in)):
    rows, query = _findings(request, identity)
    kept = [list_rows.finding_line(f) for f in matching(rows, query, list_rows.finding_facts)]
    return _file(fmt, table_of("Findings", list_rows.FINDING_HEADERS, kept), "findings")


def _evidence(request: Request, identity):
    from audit_engine.services.pages.evidence_list import visible_evidence

    app = services(request)
    query = parse_query(request.query_params, list_rows.EVIDENCE_SORTS)
    return visible_evidence(app.uow(), actor=identity.actor), query


@router.get("/evidence")
def evidence(request: Request, identity=Depends(signed_in)):
    rows, query = _evidence(request, identity)
    return render(request, "evidence.html",
                  listed=list_page(rows, query, list_rows.evidence_facts))


@router.get("/evidence.{fmt}")
def evidence_export(request: Request, fmt: str, identity=Depends(signed_in)):
    rows, query = _evidence(request, identity)
    kept = [list_rows.evidence_line(e) for e in matching(rows, query, list_rows.evidence_facts)]
    return _file(fmt, table_of("Evidence", list_rows.EVIDENCE_HEADERS, kept), "evidence")


def _file(fmt: str, table, stem: str) -> Response:
    if fmt not in FORMATS:
        raise NotFound(f"no export as {fmt!r}")
    made = export_file(table, fmt, stem)
    return Response(made.data, media_type=made.media_type, headers={
        "Content-Disposition": f'attachment; filename="{made.filename}"'})
