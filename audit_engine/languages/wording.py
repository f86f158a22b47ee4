"""`Wording`: one language's translations and its formats, what the templates are given.

English keeps the forms this project has always printed (ISO dates, `1,234.5`, `88%`): they
read the same everywhere an English report goes. Every other language takes CLDR's forms for
its locale through Babel (`7 dic 2026`, `1.234,5`, `88 %`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from audit_engine.languages.catalogues import SOURCE, translations

NOTHING = "–"


@dataclass(frozen=True)
class Wording:
    code: str
    translations: object = field(repr=False)
    # catalog id -> that checklist's text in this language (None: none), for criteria shown
    # on a page; given by the composition root, None where nobody asked for it.
    criteria_of: Callable[[str], Any] | None = field(default=None, repr=False, compare=False)

    def criteria_text(self, catalog_id: str):
        """The checklist's text in this language (criterion_text.CatalogText), or None."""
        return self.criteria_of(catalog_id) if self.criteria_of else None

    @property
    def locale(self):
        return _locale(self.code)

    def gettext(self, message: str, /, **values) -> str:
        text = self.translations.gettext(message)
        return text % values if values else text

    def label(self, label: str) -> str:
        """A name the domain builds in English (a risk action-plan item's) in this language."""
        from audit_engine.languages.labels import label_words

        return label_words(label, self.gettext)

    def ngettext(self, singular: str, plural: str, count: int, **values) -> str:
        text = self.translations.ngettext(singular, plural, count)
        return text % {"count": count, **values}

    def day(self, value: date | datetime | str | None) -> str:
        """A day; an ISO string (a date a queued mail carries) is read first."""
        if value is None or value == "":
            return NOTHING
        if isinstance(value, str):
            value = _iso_day(value)
            if isinstance(value, str):
                return value
        if isinstance(value, datetime):
            value = value.date()
        if self.code == SOURCE:
            return value.isoformat()
        from babel.dates import format_date

        return format_date(value, "medium", locale=self.locale)

    def when(self, value: datetime | None, zone=None) -> str:
        """A moment: in `zone` (a tzinfo) when given, else in UTC, the zone named (a ZoneInfo
        by its IANA name: "CST" would say Mexico City and Shanghai alike)."""
        if value is None:
            return NOTHING
        moment = value.astimezone(zone or UTC) if value.tzinfo else value
        label = "UTC" if zone is None else getattr(zone, "key", None) or moment.strftime("%Z")
        if self.code == SOURCE:
            return f"{moment.strftime('%Y-%m-%d %H:%M')} {label}"
        from babel.dates import format_time

        return f"{self.day(moment)} {format_time(moment, 'HH:mm', locale=self.locale)} {label}"

    def month_title(self, value: date) -> str:
        """A month and its year: `January 2027`, `enero de 2027` (CLDR's yMMMM)."""
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", value, locale=self.locale)

    def calendar_name(self, value: date, pattern: str) -> str:
        """A short month or weekday name by CLDR pattern: `LLL` (Jan / ene), `EEE` (Mon /
        lun)."""
        from babel.dates import format_date

        return format_date(value, pattern, locale=self.locale)

    def number(self, value: float | int | None) -> str:
        if value is None:
            return NOTHING
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale)

    def percent(self, value: float | None) -> str:
        """0.875 -> "88%" (en) or "88 %" (es)."""
        if value is None:
            return NOTHING
        if self.code == SOURCE:
            return f"{value * 100:.0f}%"
        from babel.numbers import format_percent

        return format_percent(value, locale=self.locale)

    def signed(self, value: float | None) -> str:
        """A score change in points: 0.05 -> "+5 pts"."""
        if value is None:
            return NOTHING
        points = f"{value * 100:+.0f}"
        return self.gettext("%(points)s pts", points=points)


def _iso_day(text: str) -> date | str:
    """`2026-03-09` (or an ISO moment) as a date; any other text as it is."""
    try:
        return datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text)
    except ValueError:
        return text


@lru_cache(maxsize=32)
def _locale(code: str):
    """Babel's locale for `code`; a code CLDR does not know (a pseudo-locale such as `en_XA`)
    takes its language's."""
    from babel import Locale, UnknownLocaleError

    for candidate in (code, code.split("_")[0]):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def wording_for(code: str, user_dir: Path | None = None) -> Wording:
    """The wording of a known language (the caller checked `code`; see catalogues.checked)."""
    return Wording(code, translations(code, user_dir))


def display_name(code: str) -> str:
    """A language's own name, for a selector: `English`, `español`."""
    try:
        name = _locale(code).get_display_name(code.split("_")[0]) or code
    except (ValueError, LookupError):
        return code
    return name[:1].upper() + name[1:]
