"""The HTTP API for integrations, a FastAPI sub-application mounted at /api/v1.

`create_api(app)` builds it from the composition root's App; nothing is built at import time.
"""

from __future__ import annotations

__all__ = ["create_api", "outside_problems"]


def create_api(app):
    """The API as an ASGI application (FastAPI), over `app`'s services."""
    from audit_engine.api.application import build

    return build(app)


def outside_problems(http, prefix: str) -> None:
    """Errors the outer application answers for API paths (a path the mount itself cannot
    match, e.g. one with a newline) are problem details too; other paths keep the default."""
    from audit_engine.api.problems import install_outside

    install_outside(http, prefix)
