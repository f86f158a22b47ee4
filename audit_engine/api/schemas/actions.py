"""Bodies of corrective actions, their steps and notes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import ConfigDict, Field

from audit_engine.api.schemas.base import Day, In, Out


class ActionIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"owner": "owner@example.com",
                                          "plan": "Log every seal at the gate."}]}
    )
    owner: str = Field(max_length=254)
    plan: str = Field(min_length=1)
    due: Day | None = None
    root_cause: str = ""


class ActionOut(Out):
    id: str
    finding: str | None = Field(description="None for a risk assessment's action-plan item.")
    audit: str | None = Field(description="None for a risk assessment's action-plan item.")
    risk_assessment: str | None = Field(
        None, description="`RA-<n>` of a risk assessment's action-plan item, else None.")
    owner: str | None
    due: date | None
    status: str
    overdue: bool
    plan: str
    root_cause: str | None


class ActionTransitionIn(In):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"event": "implement", "note": "Done, see log."}]}
    )
    event: Literal["start", "implement", "verify", "reject"]
    note: str | None = None


class ActionStepForm(In):
    """The same step as multipart/form-data, with an evidence file (as `action implement
    --evidence FILE`): its name and size are checked before anything is stored."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"event": "implement", "note": "Gate log kept.",
                                         "file": "gate-log.pdf"}]}
    )
    event: Literal["start", "implement", "verify", "reject"]
    note: str | None = None
    file: bytes | None = Field(
        None, description="The evidence file; its name is kept, its media type follows it."
    )


class ActionNoteOut(Out):
    event: str
    text: str
    at: datetime
    author: str | None
    evidence: str | None = Field(description="The file attached at this step: GET /evidence/{id}.")


class ActionDetailOut(ActionOut):
    implemented_by: str | None
    verified_by: str | None
    notes: list[ActionNoteOut] = Field(description="Progress notes and evidence, oldest first.")
