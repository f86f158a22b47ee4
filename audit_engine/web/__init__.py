"""The web pages: server-rendered HTML over the same services as the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from audit_engine.bootstrap import App


def add_pages(http: FastAPI, services: App) -> None:
    """Add the page routers and the static files to `http`."""
    from audit_engine.web.routes import install

    install(http, services)
