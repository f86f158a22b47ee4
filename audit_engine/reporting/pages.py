"""Jinja2 for the web pages: the package's page templates, overridable from the user's folder.

Search path: `<AUDIT_ENGINE_TEMPLATE_DIR>/web/` (when it exists) first, then the templates that
ship in audit_engine/web/templates/. Autoescaping is on for every template (user text is
escaped wherever it lands) and StrictUndefined makes a typo fail instead of rendering blank.
The environment is built once per server process and caches compiled templates.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import audit_engine


def shipped_page_dir() -> Path:
    return Path(audit_engine.__file__).resolve().parent / "web" / "templates"


def page_dirs(user_dir: Path | None) -> tuple[Path, ...]:
    ours = shipped_page_dir()
    if user_dir is not None and (Path(user_dir) / "web").is_dir():
        return ((Path(user_dir) / "web").resolve(), ours)
    return (ours,)


class PageTemplates:
    def __init__(self, dirs: tuple[Path, ...]) -> None:
        from jinja2 import Environment, StrictUndefined

        from audit_engine.reporting.loader import FolderLoader

        self.env = Environment(
            loader=FolderLoader(dirs),  # real paths inside the folders only (no symlink out)
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.env.filters.update(when=_when, day=_day)

    def render(self, name: str, context: dict) -> str:
        return self.env.get_template(name).render(context)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "–"


def _day(value: date | None) -> str:
    return value.isoformat() if value else "–"
