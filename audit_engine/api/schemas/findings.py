"""Bodies of findings and their workflow steps."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict

from audit_engine.api.schemas.base import In, Out


class FindingOut(Out):
    id: str
    audit: str
    criterion: str
    level: str
    result: str
    severity: str
    status: str
    note: str | None
    reason: str | None
    severity_reason: str | None


class FindingTransitionIn(In):
    model_config = ConfigDict(json_schema_extra={"examples": [{"event": "confirm"}]})
    event: Literal["confirm", "dismiss"]
    severity: Literal["major", "minor", "observation"] | None = None
    reason: str | None = None
