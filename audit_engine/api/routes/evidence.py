"""Evidence: multipart upload under an audit, the list, the file itself."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Response, UploadFile
from fastapi.responses import FileResponse

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
from audit_engine.api.schemas.evidence import EvidenceOut
from audit_engine.api.state import ApiServices
from audit_engine.domain.rules.lifecycle import AuditId, EvidenceId

router = APIRouter(tags=["evidence"])


@router.get("/audits/{audit}/evidence", response_model=list[EvidenceOut], responses=NOT_FOUND)
def list_(audit: str, who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """Evidence files linked to the audit's criteria."""
    from audit_engine.services.pages.reads import evidence_for

    return plain(evidence_for(app.uow(), actor=who.actor, audit=AuditId(audit)))


@router.post(
    "/audits/{audit}/evidence",
    status_code=201,
    response_model=EvidenceOut,
    responses={**NOT_FOUND, **REFUSED, **PRECONDITION},
)
def upload(
    audit: str,
    response: Response,
    file: UploadFile = File(description="The file; its name is kept."),
    criteria: list[str] = Form(description="Criteria it backs; repeat the field for several."),
    valid_until: str | None = Form(None, description="YYYY-MM-DD"),
    who: Caller = Depends(caller),
    app: ApiServices = Depends(services),
    version: int = Depends(expected_version),
):
    """Upload a file as evidence for criteria of an audit in fieldwork."""
    from audit_engine.domain.rules.lifecycle import parse_date
    from audit_engine.services.actions.evidence_uploads import Upload, spool
    from audit_engine.services.fieldwork.evidence import upload_evidence

    until = parse_date(valid_until, "valid_until") if valid_until else None
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        # the web's check: a plain name, not empty, at most evidence_max_bytes, before storing
        path = spool(Upload(file.filename or "", file.file), Path(folder) / "0",
                     app.settings.evidence_max_bytes)
        added = upload_evidence(
            app.uow(), app.clock, app.evidence_store, actor=who.actor, audit=AuditId(audit),
            path=path, criteria=criteria, valid_until=until, expected_version=version,
        )
    response.headers["Location"] = f"/api/v1/evidence/{added.view.id}"
    set_etag(response, added.version)  # the upload changed the audit's version
    return plain(added.view)


@router.get(
    "/evidence/{evidence}",
    response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}}, **NOT_FOUND},
)
def download(evidence: str, who: Caller = Depends(caller), app: ApiServices = Depends(services)):
    """The evidence file, as uploaded."""
    from audit_engine.services.fieldwork.evidence_files import evidence_file

    found = evidence_file(app.uow(), app.evidence_store, actor=who.actor,
                          evidence=EvidenceId(evidence))
    return FileResponse(found.path, media_type=found.media_type, filename=found.name)

