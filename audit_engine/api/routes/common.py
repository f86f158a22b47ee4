"""What every route module shares: the services, the caller, response helpers."""

from __future__ import annotations

import base64

from fastapi import Depends, Path, Request

from audit_engine.api.caller import Caller, caller
from audit_engine.api.openapi import NOT_FOUND, PRECONDITION, REFUSED
from audit_engine.api.problems import Problem
from audit_engine.api.state import ApiServices
from audit_engine.domain.errors import NotFound
from audit_engine.domain.formats.inputs import parse_number_id
from audit_engine.services.plain_data import plain

__all__ = [
    "NOT_FOUND", "PRECONDITION", "REFUSED", "Caller", "authed", "caller", "decode_cursor",
    "encode_cursor", "number_id", "plain", "services",
]


def services(request: Request) -> ApiServices:
    return request.app.state.services


authed = Depends(caller)


def number_id(param: str, what: str, description: str):
    """A path parameter that is a plain numeric id (`/tokens/3`), parsed by the domain's rule:
    not digits is 422 naming the parameter; beyond the database's integer range (an id such as
    99999999999999999999, which PostgreSQL would refuse with an error) names nothing, 404."""

    def parsed(value: str = Path(pattern="^[0-9]+$", description=description, examples=["3"],
                                 alias=param)) -> int:
        return parse_number_id(what, value)

    return Depends(parsed)


def encode_cursor(after: int | None) -> str | None:
    if after is None:
        return None
    return base64.urlsafe_b64encode(f"a:{after}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, number = text.partition(":")
        if kind != "a":
            raise ValueError(text)
        return parse_number_id("cursor", number)
    except (ValueError, UnicodeDecodeError, NotFound):
        raise Problem(
            422, "cursor: not a cursor this API gave out",
            errors=[{"field": "cursor", "in": "query", "message": "unknown cursor"}],
        ) from None
