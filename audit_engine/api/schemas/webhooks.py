"""Bodies of webhooks, their secrets, and personal API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from audit_engine.api.schemas.base import In, Out
from audit_engine.domain.integrity.webhooks import EVENTS

WebhookEvent = Literal[EVENTS]  # type: ignore[valid-type]


class WebhookIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"url": "https://erp.example.com/hooks/audits",
                                          "events": ["action.overdue", "audit.closed"]}]}
    )
    url: str = Field(max_length=2000, pattern=r"^https?://[^\s/]+")
    events: list[WebhookEvent] = Field(min_length=1, max_length=20)
    description: str = Field("", max_length=200)


class WebhookOut(Out):
    id: int
    url: str
    events: list[str]
    description: str
    active: bool
    created_by: str
    created_at: datetime
    rotating_until: datetime | None


class WebhookSecretOut(WebhookOut):
    secret: str = Field(description="`whsec_...`: shown once; verify signatures with it.")


class RotateIn(In):
    model_config = ConfigDict(json_schema_extra={"examples": [{"overlap_hours": 24}]})
    overlap_hours: int = Field(24, ge=0, le=24 * 7, description="Old secret keeps signing.")


class TokenOut(Out):
    id: int
    name: str
    owner: str
    prefix: str
    read_only: bool
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    state: str
