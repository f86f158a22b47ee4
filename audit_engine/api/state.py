"""What the API's routes reach through `request.app.state.services`: the App and its parts."""

from __future__ import annotations

from functools import cached_property

from audit_engine.api.ratelimit import RateLimiter


class ApiServices:
    def __init__(self, app) -> None:
        self.app = app
        self.settings = app.settings
        self.limiter = RateLimiter(app.settings.api_rate_limit)

    @property
    def clock(self):
        return self.app.clock  # the App's, even when a test sets it later

    def uow(self):
        return self.app.uow()

    @cached_property
    def catalogs(self) -> list:
        return self.app.catalogs()

    @cached_property
    def evidence_store(self):
        return self.app.evidence_store()

    def authenticate(self, secret: str):
        from audit_engine.services.integrations.tokens import authenticate

        return authenticate(self.uow(), self.clock, secret)
