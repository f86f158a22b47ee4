"""Fieldwork kept on a phone without signal: the service worker (served from the root so its
scope covers every page), and the endpoints its sender uses when the network returns, each
answering JSON for the sender, not a page: an answer or note, and a photo in chunks."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import FileResponse, JSONResponse

from audit_engine.services.offline import answers, photos
from audit_engine.web.edge import services, signed_in

router = APIRouter()
WORKER = Path(__file__).resolve().parent / "static" / "sw.js"


@router.get("/sw.js", include_in_schema=False)
def service_worker():
    """Served from the root: its scope is the whole site (the audit pages it keeps)."""
    return FileResponse(WORKER, media_type="text/javascript",
                        headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"})


def _sent(sent) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if sent.replayed else {}
    return JSONResponse(sent.body, status_code=sent.status, headers=headers)


def _key(request: Request) -> str:
    return request.headers.get("idempotency-key", "")


@router.post("/offline/audits/{ref}/answers/{criterion}")
def offline_answer(request: Request, ref: str, criterion: str, result: str = Form(""),
                   note: str = Form(""), read_at: str = Form(""), given_at: str = Form(""),
                   identity=Depends(signed_in)):
    app = services(request)
    fields = {"result": result, "note": note, "read_at": read_at, "given_at": given_at}
    return _sent(answers.send_answer(app.uow(), app.clock, actor=identity.actor,
                                     key=_key(request), audit=ref, criterion=criterion,
                                     fields=fields))


@router.post("/offline/uploads/{upload}")
def photo_start(request: Request, upload: str, audit: str = Form(""), criterion: str = Form(""),
                name: str = Form(""), size: str = Form(""), sha256: str = Form(""),
                identity=Depends(signed_in)):
    app = services(request)
    fields = {"audit": audit, "criterion": criterion, "name": name, "size": size,
              "sha256": sha256}
    return _sent(photos.start_photo(app.uow(), app.clock, actor=identity.actor, upload=upload,
                                    fields=fields, max_bytes=app.settings.evidence_max_bytes))


@router.get("/offline/uploads/{upload}")
def photo_offset(request: Request, upload: str, identity=Depends(signed_in)):
    return _sent(photos.photo_offset(services(request).uow(), actor=identity.actor,
                                     upload=upload))


@router.put("/offline/uploads/{upload}")
async def photo_chunk(request: Request, upload: str, offset: int,
                      identity=Depends(signed_in)):
    """A chunk of the photo's bytes at `offset` (each within the page's body cap)."""
    from starlette.concurrency import run_in_threadpool

    data, uow = await request.body(), services(request).uow()
    return _sent(await run_in_threadpool(
        lambda: photos.add_chunk(uow, actor=identity.actor, upload=upload, offset=offset,
                                 data=data)))


@router.post("/offline/uploads/{upload}/finish")
def photo_finish(request: Request, upload: str, given_at: str = Form(""),
                 identity=Depends(signed_in)):
    app = services(request)
    return _sent(photos.finish_photo(app.uow(), app.clock, app.evidence_store(),
                                     actor=identity.actor, upload=upload, key=_key(request),
                                     given_at=given_at))
