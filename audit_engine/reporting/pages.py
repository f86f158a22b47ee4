"""Jinja2 for the web pages: the package's page templates, overridable from the user's folder.

Search path: `<AUDIT_ENGINE_TEMPLATE_DIR>/web/` (when it exists) first, then the templates that
ship in audit_engine/web/templates/. Autoescaping is on for every template (user text is
escaped wherever it lands) and StrictUndefined makes a typo fail instead of rendering blank.
One environment per language, built on first use and kept for the server process (it caches
compiled templates); its wording (translations, formats) comes from `wording_of(code)`, given
by the composition root.
"""

from __future__ import annotations

from collections.abc import Callable
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
    def __init__(self, dirs: tuple[Path, ...], wording_of: Callable | None = None) -> None:
        self.dirs = dirs
        self.wording_of = wording_of
        self._envs: dict[str, object] = {}

    @property
    def env(self):
        """The English environment (tests and tools list its templates)."""
        return self.env_for("en")

    def env_for(self, language: str):
        if language not in self._envs:
            self._envs[language] = self._build(language)
        return self._envs[language]

    def _build(self, language: str):
        from jinja2 import Environment, StrictUndefined

        from audit_engine.reporting.constant_words import ConstantWords
        from audit_engine.reporting.loader import FolderLoader
        from audit_engine.reporting.templates import install_wording

        env = Environment(
            loader=FolderLoader(self.dirs),  # real paths inside the folders only (no symlink out)
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
            extensions=["jinja2.ext.i18n", ConstantWords],
        )
        install_wording(env, self.wording_of(language) if self.wording_of else None)
        env.globals["script_words"] = _rendered_once(env, "_script_words.html")
        return env

    def render(self, name: str, context: dict, language: str = "en") -> str:
        return self.env_for(language).get_template(name).render(context)


def _rendered_once(env, name: str) -> Callable:
    """A template of no context (the scripts' words on every page), rendered on first use and
    kept: the same text for every page of the environment's language."""
    from markupsafe import Markup

    kept: list[Markup] = []

    def rendered() -> Markup:
        if not kept:
            kept.append(Markup(env.get_template(name).render()))
        return kept[0]

    return rendered
