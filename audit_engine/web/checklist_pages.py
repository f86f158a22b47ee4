"""The checklists on the web: every catalog with its entity profiles, one catalog's criteria
(for one entity type if asked), and the differences between two versions. The services are
`checklists list|show|diff`; only loaded catalogs are named (a diff never reads a file path)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from audit_engine.domain.errors import NotFound
from audit_engine.services.administration import checklists
from audit_engine.web.edge import render, services, signed_in
from audit_engine.web.language import page_language

router = APIRouter()


def _refs(catalogs) -> set[str]:
    return {c.id for c in catalogs} | {f"{c.id}@{c.version}" for c in catalogs}


def _entity(value: str) -> str | None:
    return value.strip() or None


@router.get("/checklists")
def catalog_list(request: Request, identity=Depends(signed_in)):
    from audit_engine.domain.rules.catalog import ENTITY_TYPES

    lines = checklists.list_catalogs(services(request).catalogs())
    return render(request, "checklists.html", lines=lines, entity_types=ENTITY_TYPES)


@router.get("/checklists/diff")
def catalog_diff(request: Request, old: str = "", new: str = "", entity: str = "",
                 identity=Depends(signed_in)):
    catalogs = services(request).catalogs()
    for ref in (old, new):
        if ref not in _refs(catalogs):
            raise NotFound(f"checklist {ref!r} not found")
    changes = checklists.diff(catalogs, old, new, entity_type=_entity(entity))
    return render(request, "checklist_diff.html", changes=changes)


@router.get("/checklists/{ref}")
def catalog_show(request: Request, ref: str, entity: str = "", identity=Depends(signed_in)):
    from audit_engine.domain.rules.catalog import ENTITY_TYPES

    app = services(request)
    catalogs = app.catalogs()
    if ref not in _refs(catalogs):
        raise NotFound(f"checklist {ref!r} not found")
    detail = checklists.show_catalog(catalogs, ref, on=app.clock.now().date(),
                                     entity_type=_entity(entity),
                                     language=page_language(request))
    return render(request, "checklist.html", detail=detail, entity_types=ENTITY_TYPES)
