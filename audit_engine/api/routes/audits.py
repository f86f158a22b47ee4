"""/audits: plan, list (filters, cursor pages), show (with its ETag), transitions."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from audit_engine.api.preconditions import expected_version, set_etag
from audit_engine.api.routes.common import (
    NOT_FOUND,
    PRECONDITION,
    REFUSED,
    Caller,
    caller,
    decode_cursor,
    encode_cursor,
    plain,
    services,
)
from audit_engine.api.schemas.audits import (
    AuditOut,
    AuditPageOut,
    AuditPlanIn,
    AuditStepOut,
    AuditSummaryOut,
    TransitionIn,
    TransitionOut,
)
from audit_engine.api.state import ApiServices
from audit_engine.domain.rules.lifecycle import AuditId

router = APIRouter(prefix="/audits", tags=["audits"])

@router.post(
    "", status_code=201, response_model=AuditSummaryOut, responses={**NOT_FOUND, **REFUSED}
)
def plan(
    body: AuditPlanIn, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
):
    """Plan an audit of a facility for a quarter against a checklist (status planned)."""
    from audit_engine.services.pages.reads import planned_summary

    summary = planned_summary(
        app.uow(), app.clock, app.catalogs, actor=who.actor, facility=body.facility,
        checklist=body.checklist, period=body.period, lead=body.lead, due=body.due,
        team=body.team, reaudit=body.reaudit,
    )
    response.headers["Location"] = f"/api/v1/audits/{summary.id}"
    set_etag(response, summary.version)
    return plain(summary)


@router.get("", response_model=AuditPageOut, responses=NOT_FOUND)
def list_(
    who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
    state: str | None = Query(None, max_length=40, examples=["fieldwork"]),
    facility: str | None = Query(None, max_length=40, examples=["MX-TIJ"]),
    period: str | None = Query(None, max_length=7, examples=["2027-Q1"]),
    cursor: str | None = Query(None, max_length=100, description="From `next_cursor`."),
    limit: int = Query(100, ge=1, le=500),
):
    """Audits at the facilities you may see, oldest first, a page at a time."""
    from audit_engine.services.audits.listing import page_audits

    page = page_audits(
        app.uow(), actor=who.actor, state=state, facility=facility, period=period,
        after=decode_cursor(cursor), limit=limit,
    )
    return {"items": list(page.items), "next_cursor": encode_cursor(page.next_after)}


@router.get("/{audit}", response_model=AuditOut, responses=NOT_FOUND)
def show(
    audit: str, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
):
    """One audit: state, people, scores, findings and actions. The ETag is its version."""
    from audit_engine.services.pages.reads import audit_summary_for

    view = audit_summary_for(app.uow(), app.clock, actor=who.actor, audit=AuditId(audit))
    set_etag(response, view.version)
    return plain(view)


@router.get("/{audit}/transitions", response_model=list[AuditStepOut], responses=NOT_FOUND)
def steps(audit: str, who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """The workflow steps you may take from the audit's state: each allowed now or not, and
    why not (the guard's words); which need a reason."""
    from audit_engine.services.pages.reads import audit_steps_for

    return [{"event": s.event, "label": s.label, "allowed": s.allowed, "reason": s.reason,
             "needs_reason": s.needs_reason}
            for s in audit_steps_for(app.uow(), app.clock, actor=who.actor, audit=AuditId(audit))]


@router.post(
    "/{audit}/transitions",
    response_model=TransitionOut,
    responses={**NOT_FOUND, **REFUSED, **PRECONDITION},
)
def transition(
    audit: str, body: TransitionIn, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services), version: int = Depends(expected_version),
):
    """Fire a workflow event: start, submit, approve, close, return or cancel (the last two
    with a reason). A refusal (409) names the guard that failed."""
    from audit_engine.services.review.audit_steps import take_audit_step

    done = take_audit_step(
        app.uow(), app.clock, actor=who.actor, audit=AuditId(audit), event=body.event,
        expected_version=version, reason=body.reason,
        final_report=app.app.final_report_hook,
    )
    set_etag(response, done.version)
    sha = getattr(done.extra, "sha256", None)
    return {**{k: getattr(done, k) for k in ("audit", "event", "before", "after", "version")},
            "final_report": sha}
