"""Planning and steering from the web: plan an audit (any quarter offered, the current one
first, or a one-off re-audit) with its lead and team picked from the auditors allowed, change
a planned audit's due date, lead or team, and open a programme's next audit now. The
services, rules and refusals are the CLI's own (`plan_audit`, `change_plan`,
`open_next_now`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from starlette.concurrency import run_in_threadpool

from audit_engine.bootstrap.tick_wiring import mail_domain
from audit_engine.domain.errors import AuditEngineError, web_status_of
from audit_engine.domain.formats.inputs import parse_date
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.services.calendar.open_now import open_next_now
from audit_engine.services.planning.planning import plan_audit
from audit_engine.services.planning.steering import change_plan, plan_choices
from audit_engine.web.edge import redirect, render, services, signed_in
from audit_engine.web.phrases import refusal

router = APIRouter()
FIELDS = ("facility", "checklist", "period", "due", "lead", "reaudit", "partial")


def _form(request: Request, identity, status: int = 200, error: str | None = None,
          typed: dict | None = None):
    app = services(request)
    choices = plan_choices(app.uow(), app.clock, app.catalogs(), actor=identity.actor)
    typed = {"period": choices.periods[0], **(typed or {})}
    return render(request, "plan.html", status, choices=choices, error=error, typed=typed)


@router.get("/plan")
def plan_form(request: Request, facility: str = "", identity=Depends(signed_in)):
    return _form(request, identity, typed={"facility": facility} if facility else None)


@router.post("/plan")
async def plan(request: Request, identity=Depends(signed_in)):
    form = await request.form(max_files=0, max_fields=60)
    typed: dict = {name: str(form.get(name, "")).strip() for name in FIELDS}
    typed["team"] = [str(e) for e in form.getlist("team")]
    app = services(request)

    def attempt():
        try:
            due = parse_date(typed["due"], "due date") if typed["due"] else None
            planned = plan_audit(
                app.uow(), app.clock, app.catalogs(), actor=identity.actor,
                facility=typed["facility"], checklist=typed["checklist"],
                period=typed["period"], lead=typed["lead"], due=due,
                allow_partial_profile=typed["partial"] == "1",
                reaudit=typed["reaudit"] == "1", team=typed["team"])
        except AuditEngineError as error:
            return _form(request, identity, web_status_of(error), refusal(error), typed)
        return redirect(f"/audits/{planned.id}")

    return await run_in_threadpool(attempt)


@router.post("/audits/{ref}/plan")
def replan(request: Request, ref: str, due: str = Form(""), lead: str = Form(""),
           team: list[str] = Form(default_factory=list), identity=Depends(signed_in)):
    """A planned audit's new due date, lead or team (the form always sends the whole team:
    none ticked is no team): refusals as the error page, which names the rule in words (the
    audit page links back)."""
    app = services(request)
    change_plan(app.uow(), app.clock, actor=identity.actor, audit=AuditId(ref),
                due=parse_date(due, "due date") if due.strip() else None,
                lead=lead.strip() or None, team=team)
    return redirect(f"/audits/{ref}#plan", request)


@router.post("/admin/programs/{program}/open-now")
def open_now(request: Request, program: str, identity=Depends(signed_in)):
    app = services(request)
    planned = open_next_now(app.uow, app.clock, app.catalogs(), actor=identity.actor,
                            program=program, mail_domain=mail_domain(app))
    return redirect(f"/audits/{planned.id}")
