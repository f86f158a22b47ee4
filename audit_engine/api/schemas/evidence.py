"""Bodies of evidence files."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from audit_engine.api.schemas.base import Out


class EvidenceOut(Out):
    id: str
    sha256: str
    name: str
    media_type: str
    size: int
    valid_until: date | None
    criteria: list[str]
    actions: list[str] = Field(
        default_factory=list,
        description="Corrective actions (CA-n) this file was attached to at a step, e.g. the "
        "proof given when the action was implemented.")
