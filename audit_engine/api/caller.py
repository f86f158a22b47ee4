"""Who is calling: the bearer token turned into the acting identity, once, at the edge.

Nothing below this module sees a header. A token acts with its user's roles and facility
scope (the services check them per call); a read-only token is refused any write here.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from audit_engine.api.problems import Problem
from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import NotAuthenticated, PermissionDenied

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="A personal API token (`audit-engine token create`), as `Bearer aet_...`.",
)


@dataclass(frozen=True)
class Caller:
    email: str
    token_id: int
    read_only: bool

    @property
    def actor(self) -> Actor:
        """What the services take as the acting user: the token's user, through the API."""
        return Actor(self.email, "api")

    @property
    def scope(self) -> str:
        """Whose idempotency keys these are."""
        return f"token:{self.token_id}"


def caller(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)
) -> Caller:
    services = request.app.state.services
    if credentials is None:
        raise NotAuthenticated("send a personal API token as 'Authorization: Bearer <token>'")
    identity = services.authenticate(credentials.credentials)
    wait = services.retry_after(identity.token_id)
    if wait is not None:
        raise Problem(
            429,
            f"more than {services.settings.api_rate_limit} requests in a minute with this token",
            {"Retry-After": str(wait)},
        )
    if identity.read_only and request.method not in READ_METHODS:
        raise PermissionDenied("this token is read-only: it may not write")
    return Caller(identity.email, identity.token_id, identity.read_only)
