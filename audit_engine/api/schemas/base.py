"""What every body shares: requests refuse unknown fields (named in the 422)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.inputs import parse_date

MAX_NOTE = 20_000
# An e-mail address as the services accept it (domain.formats.mail): one @, no spaces.
EMAIL_PATTERN = r"^[^@\s<>,;:\"()\[\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$"


Result = Literal["compliant", "partial", "non_compliant", "not_applicable"]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=MAX_NOTE)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Record(Out):
    """A record whose fields are listed in the example."""

    model_config = ConfigDict(from_attributes=True, extra="allow")


def _iso_day(value: object) -> date:
    """A day as the CLI takes it: `YYYY-MM-DD` text within AUDIT_ENGINE_YEARS (pydantic alone
    would take the number 0 as 1970-01-01)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise ValueError("a date is written YYYY-MM-DD")
    try:
        return parse_date(value, "date")
    except InvalidInput as refused:
        raise ValueError(str(refused)) from None


Day = Annotated[date, BeforeValidator(_iso_day)]

