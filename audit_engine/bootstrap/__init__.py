"""Composition root."""

from audit_engine.bootstrap.app import App, build_app
from audit_engine.bootstrap.settings import Settings, load_settings

__all__ = ["App", "Settings", "build_app", "load_settings"]
