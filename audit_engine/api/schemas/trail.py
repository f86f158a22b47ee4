"""Bodies of trail events and the trail's verification."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from audit_engine.api.schemas.base import Out


class EventOut(Out):
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str
    audit: str | None
    payload: Any
    hash: str


class VerifyOut(Out):
    ok: bool
    events: int
    problem: str | None = Field(description="The first bad event, when not ok.")
