"""/programs (recurring audits) and /subscriptions (reports mailed on a schedule)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from audit_engine.api.routes.common import NOT_FOUND, REFUSED, Caller, caller, plain, services
from audit_engine.api.schemas.base import Record
from audit_engine.api.schemas.calendar import ProgramIn, ProgramPatch, SubscriptionIn
from audit_engine.api.state import ApiServices

router = APIRouter()


@router.get("/programs", response_model=list[Record], tags=["programs"])
def programs(who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """Programs at the facilities you may see."""
    from audit_engine.services.calendar.reads import programs_for

    return plain(programs_for(app.uow(), actor=who.actor))


@router.post(
    "/programs", status_code=201, response_model=Record, tags=["programs"],
    responses={**NOT_FOUND, **REFUSED},
)
def add_program(
    body: ProgramIn, who: Caller = Depends(caller), app: ApiServices = Depends(services)
):
    """A recurring audit of one facility with one checklist, opened by the scheduler."""
    from audit_engine.services.calendar.programs import add_program as add

    return plain(add(app.uow(), app.clock, app.catalogs, actor=who.actor, **body.model_dump()))


@router.patch(
    "/programs/{program}", response_model=Record, tags=["programs"], responses=NOT_FOUND
)
def pause(
    program: str, body: ProgramPatch, who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
):
    """Pause or resume a program."""
    from audit_engine.services.calendar.programs import set_paused

    return plain(set_paused(app.uow(), app.clock, actor=who.actor, program=program,
                            paused=body.paused))


@router.get("/subscriptions", response_model=list[Record], tags=["subscriptions"])
def subscriptions(who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """Report subscriptions for what you may see."""
    from audit_engine.services.calendar.reads import subscriptions_for

    return plain(subscriptions_for(app.uow(), actor=who.actor))


@router.post(
    "/subscriptions", status_code=201, response_model=Record, tags=["subscriptions"],
    responses=NOT_FOUND,
)
def subscribe(
    body: SubscriptionIn, who: Caller = Depends(caller), app: ApiServices = Depends(services)
):
    """Mail a report on a schedule (weekly, monthly, quarterly or a cron expression)."""
    from audit_engine.services.calendar.subscriptions import add_subscription

    return plain(add_subscription(
        app.uow(), app.clock, actor=who.actor, report=body.report, schedule=body.schedule,
        recipients=body.to, facility=body.facility, owner=body.owner, language=body.language,
        check=app.languages.checked,
    ))


@router.delete(
    "/subscriptions/{subscription}", response_model=Record, tags=["subscriptions"],
    responses=NOT_FOUND,
)
def unsubscribe(
    subscription: str, who: Caller = Depends(caller), app: ApiServices = Depends(services)
):
    """Remove a subscription (its creator, an admin or a compliance officer)."""
    from audit_engine.services.calendar.subscriptions import remove_subscription

    return plain(remove_subscription(app.uow(), app.clock, actor=who.actor,
                                     subscription=subscription))
