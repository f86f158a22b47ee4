"""Bodies of answers, one or many."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict, Field

from audit_engine.api.schemas.base import MAX_NOTE, In, Out, Result


class AnswerIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"result": "compliant", "note": "Seal log complete."}]}
    )
    result: Result
    note: str | None = Field(None, max_length=MAX_NOTE)


class AnswerItem(AnswerIn):
    criterion: str = Field(max_length=100)


class AnswersIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"answers": [
            {"criterion": "1.1", "result": "compliant"},
            {"criterion": "1.2", "result": "partial", "note": "Two seals unlogged."},
        ]}]}
    )
    answers: list[AnswerItem] = Field(min_length=1, max_length=2000)


class AnswerOut(Out):
    criterion: str
    category: str | None = None
    level: str | None = None
    result: str | None
    note: str | None
    answered_at: datetime | None = None


class AnswersOut(Out):
    audit: str
    version: int
    recorded: int
