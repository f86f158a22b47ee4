"""The Five Step Risk Assessment on the web: every facility's assessments, one assessment with
its five steps and ratings, and an action-plan item added to it. The services, permissions and
errors are the `audit-engine risk` commands' own."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.domain.formats.inputs import parse_date
from audit_engine.services.risk import assessments
from audit_engine.web.edge import redirect, render, services, signed_in

router = APIRouter()


@router.get("/risk")
def overview(request: Request, identity=Depends(signed_in)):
    app = services(request)
    facilities = assessments.risk_overview(app.uow(), app.clock, actor=identity.actor)
    return render(request, "risk.html", facilities=facilities)


@router.get("/risk/{ref}")
def assessment(request: Request, ref: str, identity=Depends(signed_in)):
    app = services(request)
    page = assessments.assessment_page(app.uow(), app.clock, actor=identity.actor, assessment=ref)
    return render(request, "risk_assessment.html", page=page, ra=page.assessment)


@router.post("/risk/{ref}/actions")
def add_action(request: Request, ref: str, owner: str = Form(...), due: str = Form(...),
               plan: str = Form(...), item: str = Form(""), identity=Depends(signed_in)):
    app = services(request)
    view = assessments.add_plan_action(
        app.uow(), app.clock, actor=identity.actor, assessment=ref, owner=owner,
        due=parse_date(due, "due"), plan=plan, item=item or None,
    )  # fmt: skip
    return redirect(f"/risk/{view.id}#action-plan", request)
