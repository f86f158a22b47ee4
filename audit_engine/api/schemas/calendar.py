"""Bodies of audit programs and report subscriptions."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from audit_engine.api.schemas.base import Day, In


class ProgramIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"facility": "MX-TIJ", "checklist": "ctpat-msc",
                                          "lead": "ana@example.com"}]}
    )
    facility: str = Field(max_length=40)
    checklist: str = Field(max_length=100)
    every: Literal["quarter"] = "quarter"
    start_month: int = Field(1, ge=1, le=3)
    fieldwork_days: int = Field(3, ge=1, le=30)
    lead: str | None = Field(None, max_length=254)
    first_from: Day | None = None


class ProgramPatch(In):
    model_config = ConfigDict(json_schema_extra={"examples": [{"paused": True}]})
    paused: bool


class SubscriptionIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"report": "portfolio", "schedule": "monthly",
                                          "to": ["boss@example.com"]}]}
    )
    report: Literal["portfolio", "actions", "facility"]
    schedule: str = Field(max_length=100)
    to: list[str] = Field(min_length=1, max_length=50)
    facility: str | None = Field(None, max_length=40)
    owner: str | None = Field(None, max_length=254)
    language: str | None = Field(None, max_length=20,
                                 description="The mail's and report's language (en, es, ...); "
                                             "none: each recipient's own.")
