"""What every route module shares: the services, the caller, response helpers."""

from __future__ import annotations

import base64
from dataclasses import asdict, is_dataclass
from typing import Any

from fastapi import Depends, Request

from audit_engine.api.caller import Caller, caller
from audit_engine.api.openapi import NOT_FOUND, PRECONDITION, REFUSED
from audit_engine.api.problems import Problem
from audit_engine.api.state import ApiServices

__all__ = [
    "NOT_FOUND", "PRECONDITION", "REFUSED", "Caller", "authed", "caller", "decode_cursor",
    "encode_cursor", "plain", "services",
]


def services(request: Request) -> ApiServices:
    return request.app.state.services


authed = Depends(caller)


def plain(value: Any) -> Any:
    """A service's read model as plain data for a response model."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


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
        if kind != "a" or not number.isdigit():
            raise ValueError(text)
        return int(number)
    except (ValueError, UnicodeDecodeError):
        raise Problem(
            422, "cursor: not a cursor this API gave out",
            errors=[{"field": "cursor", "in": "query", "message": "unknown cursor"}],
        ) from None
