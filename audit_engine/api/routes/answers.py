"""/audits/{audit}/answers: read them; write one, or many in one transaction."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from audit_engine.api.preconditions import expected_version, set_etag
from audit_engine.api.routes.common import (
    NOT_FOUND,
    PRECONDITION,
    REFUSED,
    Caller,
    caller,
    plain,
    services,
)
from audit_engine.api.schemas.answers import AnswerIn, AnswerOut, AnswersIn, AnswersOut
from audit_engine.api.state import ApiServices
from audit_engine.domain.rules.lifecycle import AuditId

router = APIRouter(prefix="/audits/{audit}/answers", tags=["answers"])
WRITE = {**NOT_FOUND, **REFUSED, **PRECONDITION}


@router.get("", response_model=list[AnswerOut], responses=NOT_FOUND)
def list_(
    audit: str, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
):
    """Every criterion of the audit with its result and note. The ETag is the audit's."""
    from audit_engine.services.pages.reads import dossier_for

    dossier = dossier_for(app.uow(), app.clock, actor=who.actor, ref=AuditId(audit))
    set_etag(response, dossier.audit.version)
    return plain(dossier.answers)


@router.put("/{criterion}", response_model=AnswersOut, responses=WRITE)
def record_one(
    audit: str, criterion: str, body: AnswerIn, response: Response,
    who: Caller = Depends(caller), app: ApiServices = Depends(services),
    version: int = Depends(expected_version),
):
    """Set one criterion's result and note (fieldwork only)."""
    from audit_engine.services.fieldwork.answers import record_answer

    view = record_answer(
        app.uow(), app.clock, actor=who.actor, audit=AuditId(audit), criterion=criterion,
        result=body.result, note=body.note, expected_version=version,
    )
    set_etag(response, view.version)
    return {"audit": view.audit, "version": view.version, "recorded": 1}


@router.post("", response_model=AnswersOut, responses=WRITE)
def record_many(
    audit: str, body: AnswersIn, response: Response, who: Caller = Depends(caller),
    app: ApiServices = Depends(services), version: int = Depends(expected_version),
):
    """Set many criteria in one transaction: all of them or none."""
    from audit_engine.services.fieldwork.answers_bulk import BulkAnswer, record_answers

    changes = [BulkAnswer(a.criterion, a.result, a.note) for a in body.answers]
    done = record_answers(
        app.uow(), app.clock, actor=who.actor, audit=AuditId(audit), answers=changes,
        expected_version=version,
    )
    set_etag(response, done.version)
    return plain(done)
