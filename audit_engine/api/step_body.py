"""The body of an action step: JSON (`{"event": ..., "note": ...}`) or multipart/form-data
with the same fields and an evidence `file`. One route takes both, so the body is read here
rather than by FastAPI's parameter parsing; the OpenAPI document lists both (STEP_BODY)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from audit_engine.api.problems import Problem
from audit_engine.api.schemas.actions import ActionStepForm, ActionTransitionIn

FORM_FIELDS = ("event", "note", "file")
STEP_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/ActionTransitionIn"}},
        "multipart/form-data": {
            "schema": {"$ref": "#/components/schemas/ActionStepForm"},
            "encoding": {"file": {"contentType": "application/octet-stream"}},
        },
    },
}
STEP_MODELS = (ActionTransitionIn, ActionStepForm)  # schemas STEP_BODY refers to


@dataclass(frozen=True)
class StepBody:
    event: str
    note: str | None
    upload: UploadFile | None  # only from a multipart body


async def read_step(request: Request) -> StepBody:
    kind = request.headers.get("content-type", "application/json").split(";")[0].strip()
    if kind == "multipart/form-data":
        return await _from_form(request)
    if kind != "application/json":
        raise Problem(415, f"send application/json or multipart/form-data, not {kind!r}")
    body = _valid(ActionTransitionIn.model_validate_json, await request.body())
    return StepBody(body.event, body.note, None)


async def _from_form(request: Request) -> StepBody:
    form = await request.form(max_files=1, max_fields=len(FORM_FIELDS))
    unknown = sorted(set(form.keys()) - set(FORM_FIELDS))
    if unknown:
        raise _invalid(unknown[0], "unknown field")
    upload = form.get("file")
    if upload is not None and not isinstance(upload, UploadFile):
        raise _invalid("file", "a file is expected, not text")
    fields = {k: form[k] for k in ("event", "note") if k in form}
    body = _valid(ActionTransitionIn.model_validate, fields)
    return StepBody(body.event, body.note, upload if upload and upload.filename else None)


def _valid(parse, data):
    try:
        return parse(data)
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False)) from None


def _invalid(field: str, message: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("body", field), "msg": message, "type": "value"}])
