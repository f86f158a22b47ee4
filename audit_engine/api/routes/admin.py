"""/facilities, /users (admins) and /checklists (read)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from audit_engine.api.routes.common import NOT_FOUND, REFUSED, Caller, caller, plain, services
from audit_engine.api.schemas.admin import ChecklistOut, FacilityIn, FacilityOut, UserIn, UserOut
from audit_engine.api.schemas.base import Record
from audit_engine.api.state import ApiServices

router = APIRouter()


@router.get("/facilities", response_model=list[FacilityOut], tags=["facilities"])
def facilities(who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """The facilities you have a role at."""
    from audit_engine.services.administration.reads import facilities_for

    return facilities_for(app.uow(), actor=who.actor)


@router.get(
    "/facilities/{code}", response_model=FacilityOut, tags=["facilities"], responses=NOT_FOUND
)
def facility(code: str, who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    from audit_engine.services.administration.reads import facility_for

    return facility_for(app.uow(), actor=who.actor, code=code)


@router.post(
    "/facilities", status_code=201, response_model=FacilityOut, tags=["facilities"],
    responses={**NOT_FOUND, **REFUSED},
)
def add_facility(
    body: FacilityIn, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
):
    """Add a facility (admins)."""
    from audit_engine.services.administration.people import add_facility as add

    view = add(app.uow(), app.clock, actor=who.actor, **body.model_dump())
    response.headers["Location"] = f"/api/v1/facilities/{view.code}"
    return view


@router.get("/users", response_model=list[UserOut], tags=["users"])
def users(who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """Every user and their roles (`role@FACILITY` when limited to one); admins only."""
    from audit_engine.services.administration.reads import users_for

    return users_for(app.uow(), actor=who.actor)


@router.post(
    "/users", status_code=201, response_model=Record, tags=["users"],
    responses={**NOT_FOUND, **REFUSED},
)
def add_user(body: UserIn, who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """Add a user with roles, optionally limited to facilities (admins)."""
    from audit_engine.services.administration.people import add_user as add

    return plain(add(app.uow(), app.clock, actor=who.actor, **body.model_dump()))


@router.get("/checklists", response_model=list[ChecklistOut], tags=["checklists"])
def checklists(who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """The checklist catalogs this installation knows."""
    from audit_engine.services.administration.checklists import list_catalogs

    return plain(list_catalogs(app.catalogs))


@router.get("/checklists/{ref}", response_model=Record, tags=["checklists"], responses=NOT_FOUND)
def checklist(
    ref: str,
    who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
    entity_type: str | None = Query(None, max_length=40, examples=["foreign_manufacturer"]),
    on: str | None = Query(None, pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                           description="Levels in force on this day, YYYY-MM-DD (default today)."),
):
    """One catalog (`id` or `id@version`) with its criteria."""
    from audit_engine.domain.rules.lifecycle import parse_date
    from audit_engine.services.administration.checklists import show_catalog

    day = parse_date(on, "on") if on else app.clock.now().date()
    return plain(show_catalog(app.catalogs, ref, on=day, entity_type=entity_type))
