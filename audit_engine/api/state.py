"""What the API's routes reach through `request.app.state.services`: the App and its parts."""

from __future__ import annotations

from functools import cached_property


class ApiServices:
    def __init__(self, app) -> None:
        self.app = app
        self.settings = app.settings

    @property
    def clock(self):
        return self.app.clock  # the App's, even when a test sets it later

    def uow(self):
        return self.app.uow()

    @cached_property
    def catalogs(self) -> list:
        return self.app.catalogs()

    @property
    def languages(self):
        return self.app.languages

    @cached_property
    def evidence_store(self):
        return self.app.evidence_store()

    @cached_property
    def report_store(self):
        return self.app.report_store()

    @cached_property
    def closed_minutes(self):
        from audit_engine.services.integrations.rate_limit import ClosedMinutes

        return ClosedMinutes()

    def retry_after(self, token_id: int) -> int | None:
        """Count a request of the token against the shared limit (None: go ahead)."""
        from audit_engine.services.integrations.rate_limit import retry_after

        return retry_after(self.app.engine, self.clock.now(), token_id,
                           self.settings.api_rate_limit, self.closed_minutes)

    def authenticate(self, secret: str):
        from audit_engine.services.integrations.tokens import authenticate

        return authenticate(self.uow(), self.clock, secret)
