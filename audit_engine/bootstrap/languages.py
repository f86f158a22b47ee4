"""The languages wired to the templates: which there are (the shipped catalogues and the
operator's in `<template_dir>/languages/`), each one's wording, and mail subjects rendered in
this process."""

from __future__ import annotations

from functools import partial
from pathlib import Path


class Languages:
    def __init__(self, template_dir: Path | None, catalogs=None) -> None:
        from audit_engine.languages.wording import wording_for

        self.template_dir = template_dir
        self.catalogs = catalogs  # () -> the loaded checklists, with their translations
        # Picklable (a partial of a module function), so render workers build the same.
        self.wording_of = partial(wording_for, user_dir=template_dir)
        self._subjects: dict[str, object] = {}
        self._known: tuple[str, ...] | None = None

    def reader_wording(self, code: str):
        """A person's wording for pages: its translations and formats, and the checklists'
        text in that language (read on first use)."""
        from dataclasses import replace

        wording = self.wording_of(code)
        if self.catalogs is None or code == "en":
            return wording
        return replace(wording, criteria_of=partial(self.criteria_text, language=code))

    def criteria_text(self, catalog_id: str, language: str):
        """A loaded checklist's text in `language` (criterion_text.CatalogText), or None."""
        if self.catalogs is None:
            return None
        return next((c.texts.get(language) for c in self.catalogs() if c.id == catalog_id), None)

    def known(self) -> tuple[str, ...]:
        """The languages there are, found once per process (as their translations are read
        once): a catalogue added later is offered after a restart."""
        from audit_engine.languages.catalogues import known

        if self._known is None:
            self._known = known(self.template_dir)
        return self._known

    def checked(self, code: str | None, *, where: str = "language") -> str:
        """`code` if it names a language here, else InvalidInput naming the ones there are."""
        from audit_engine.languages.catalogues import checked

        return checked(code, self.known(), where=where)

    def from_header(self, header: str | None) -> str:
        """The language a browser's Accept-Language asks for, among those there are."""
        from audit_engine.languages.catalogues import from_header

        return from_header(header, self.known())

    def choices(self) -> list[tuple[str, str]]:
        """(code, the language's own name) for a selector."""
        from audit_engine.languages.wording import display_name

        return [(code, display_name(code)) for code in self.known()]

    def subject(self, template: str, context: dict) -> str:
        """A mail's subject line in the language it was queued in ("Notification" when its
        template is broken or missing: the inbox still lists the item)."""
        language = str(context.get("language") or "en")
        try:
            text = self._templates(language).render(f"email/{template}.subject.txt", context)
        except Exception:  # noqa: BLE001 - any template failure: the item is still listed
            return "Notification"
        return " ".join(text.split())

    def _templates(self, language: str):
        from audit_engine.reporting.templates import Templates, template_dirs

        if language not in self._subjects:
            self._subjects[language] = Templates(template_dirs(self.template_dir),
                                                 self.wording_of(language))
        return self._subjects[language]
