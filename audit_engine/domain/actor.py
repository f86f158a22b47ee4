"""Who is acting, and through which door: the identity every service call carries.

Entry points turn their own notion of identity (the CLI's `--as`, the web's session cookie, the
API's bearer token, the scheduler's job) into an `Actor` at the edge; nothing below the edge
reads cookies or headers. Services check permissions with `email` and the trail records both
`email` (the event's actor) and `via` (in the event's payload), and the request id of a web or
API request (`CURRENT_REQUEST_ID`, set by the middleware) beside `via`.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

# The id of the web or API request being served (its X-Request-ID), set by the edge's
# middleware for the request's duration; the trail records it in each event's payload.
CURRENT_REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)

CHANNELS = ("cli", "web", "api", "scheduler")


@dataclass(frozen=True)
class Actor:
    """The acting user's e-mail (lower case) and the channel the request came through."""

    email: str
    via: str

    def __post_init__(self) -> None:
        if self.via not in CHANNELS:
            raise ValueError(f"actor channel {self.via!r} is not one of {', '.join(CHANNELS)}")
        object.__setattr__(self, "email", self.email.strip().lower())

    def __str__(self) -> str:  # messages name the person: "a@x.io may not ..."
        return self.email


def checked_actor(actor: object) -> Actor:
    """`actor` itself; a bare e-mail is refused, so every write reaches the trail with its
    channel. The check the type annotations make, kept at run time for untyped callers."""
    if not isinstance(actor, Actor):
        raise TypeError(f"services take an Actor (e-mail and channel), not {actor!r}")
    return actor
