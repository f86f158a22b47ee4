"""Composition root.

Modules:
- `app`: The composition root: Settings in, wired adapters out.
- `languages`: The languages wired to the templates: which there are, each one's wording, mail
  subjects.
- `sso_settings`: Identity providers for single sign-on, from the TOML file named by `sso_file`.
- `file_storage`: Where files go, from the settings: the home's folders or one bucket of
  S3-compatible object storage shared by every node.
- `tick_wiring`: The scheduler tick's parts wired from the App (the tick sees no App).
- `timed_renderer`: The renderer with each PDF's duration counted for /metrics.
- `settings`: Effective settings: AUDIT_ENGINE_* environment variables over an optional TOML file.
"""

from audit_engine.bootstrap.app import App, build_app
from audit_engine.bootstrap.settings import Settings, load_settings

__all__ = ["App", "Settings", "build_app", "load_settings"]
