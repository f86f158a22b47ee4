"""Bodies of evidence files."""

from __future__ import annotations

from datetime import date

from audit_engine.api.schemas.base import Out


class EvidenceOut(Out):
    id: str
    sha256: str
    name: str
    media_type: str
    size: int
    valid_until: date | None
    criteria: list[str]
