"""What every body shares: requests refuse unknown fields (named in the 422)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

MAX_NOTE = 20_000


Result = Literal["compliant", "partial", "non_compliant", "not_applicable"]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=MAX_NOTE)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Record(Out):
    """A record whose fields are listed in the example."""

    model_config = ConfigDict(from_attributes=True, extra="allow")
