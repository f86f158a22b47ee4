"""The Five Step Risk Assessment on the web: every facility's assessments, one assessment with
its five steps and ratings, and an action-plan item added to it. The services, permissions and
errors are the `audit-engine risk` commands' own."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.domain.formats.inputs import parse_date, parse_whole
from audit_engine.domain.rules.risk import IMPACT, LIKELIHOOD, rating_of
from audit_engine.domain.rules.risk_steps import steps_in
from audit_engine.languages.current import gettext as _
from audit_engine.services.pages.risk_pages import assessment_shown, risk_overview_page
from audit_engine.services.risk import assessments
from audit_engine.web.edge import redirect, render, services, signed_in
from audit_engine.web.language import page_language

router = APIRouter()


@router.get("/risk")
def overview(request: Request, identity=Depends(signed_in)):
    app = services(request)
    shown = risk_overview_page(app.uow(), app.clock, actor=identity.actor)
    return render(request, "risk.html", facilities=shown.facilities, year=app.clock.now().year,
                  openable=shown.openable, step_words=steps_in(page_language(request)))


@router.get("/risk/{ref}")
def assessment(request: Request, ref: str, identity=Depends(signed_in)):
    app = services(request)
    shown = assessment_shown(app.uow(), app.clock, actor=identity.actor, assessment=ref)
    return render(request, "risk_assessment.html", page=shown.page, ra=shown.page.assessment,
                  work=shown.work, likelihood=LIKELIHOOD, impact=IMPACT, owners=shown.owners,
                  step_words=steps_in(page_language(request)))


@router.post("/risk/open")
def open_assessment(request: Request, facility: str = Form(""), year: str = Form(""),
                    identity=Depends(signed_in)):
    app = services(request)
    view = assessments.open_assessment(
        app.uow(), app.clock, actor=identity.actor, facility=facility,
        year=parse_whole(year, "year", 2000, 9999) if year.strip() else None)
    return redirect(f"/risk/{view.id}", request)


@router.post("/risk/{ref}/steps/{step}")
def record_step(request: Request, ref: str, step: str, text: str = Form(""),
                identity=Depends(signed_in)):
    app = services(request)
    assessments.record_step(app.uow(), app.clock, actor=identity.actor, assessment=ref,
                            step=step, text=text)
    return redirect(f"/risk/{ref}#step-{step}", request)


@router.post("/risk/{ref}/items")
def rate_item(request: Request, ref: str, kind: str = Form(""), name: str = Form(""),
              likelihood: str = Form(""), impact: str = Form(""), criterion: str = Form(""),
              note: str = Form(""), identity=Depends(signed_in)):
    """Step 2 or 3: likelihood x impact gives the score and the rating stored."""
    app = services(request)
    chance = parse_whole(likelihood, "likelihood", 1, 3)
    harm = parse_whole(impact, "impact", 1, 3)
    score, rating = rating_of(chance, harm)
    # the note is the recorder's words, in their language
    scored = _("Likelihood %(chance)s (%(chance_word)s) x impact %(harm)s (%(harm_word)s) = "
               "score %(score)s.", chance=chance, chance_word=_(LIKELIHOOD[chance]), harm=harm,
               harm_word=_(IMPACT[harm]), score=score)
    msc = next((c for c in app.catalogs() if c.id == "ctpat-msc"), None)
    assessments.add_item(app.uow(), app.clock, msc, actor=identity.actor, assessment=ref,
                         kind=kind, name=name, rating=rating, criterion=criterion.strip() or None,
                         note=f"{scored} {note.strip()}".strip())
    return redirect(f"/risk/{ref}#items", request)


@router.post("/risk/{ref}/complete")
def complete(request: Request, ref: str, identity=Depends(signed_in)):
    app = services(request)
    assessments.complete_assessment(app.uow(), app.clock, app.evidence_store(),
                                    actor=identity.actor, assessment=ref)
    return redirect(f"/risk/{ref}", request)


@router.post("/risk/{ref}/actions")
def add_action(request: Request, ref: str, owner: str = Form(...), due: str = Form(...),
               plan: str = Form(...), item: str = Form(""), identity=Depends(signed_in)):
    app = services(request)
    view = assessments.add_plan_action(
        app.uow(), app.clock, actor=identity.actor, assessment=ref, owner=owner,
        due=parse_date(due, "due"), plan=plan, item=item or None,
    )  # fmt: skip
    return redirect(f"/risk/{view.id}#action-plan", request)
