"""The language of what is being said now (a web request), for phrases built in Python.

Templates get their language handed to them; a phrase built in Python (a page's refusal)
reads it here. The web sets it once per request (`speaking`), before it knows who is signed
in; the sign-in lookup then settles it (`settle`): the holder is shared by reference, so the
threads a request runs in all see the settled language.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from audit_engine.domain.words import N_ as N_  # the one marker, re-exported for pages
from audit_engine.domain.words import Phrase
from audit_engine.languages.catalogues import SOURCE
from audit_engine.languages.wording import Wording, wording_for


@dataclass
class Speaking:
    wording: Wording


_NOW: ContextVar[Speaking | None] = ContextVar("audit_engine_language", default=None)


def speaking(wording: Wording) -> Speaking:
    """Start a request in `wording` (its browser's language, until sign-in says otherwise)."""
    holder = Speaking(wording)
    _NOW.set(holder)
    return holder


def settle(wording: Wording) -> None:
    """The signed-in person's language, for the rest of the request."""
    holder = _NOW.get()
    if holder is not None:
        holder.wording = wording


def now() -> Wording:
    holder = _NOW.get()
    return holder.wording if holder is not None else wording_for(SOURCE)


def gettext(message: str, /, **values) -> str:
    """`message` in the current language, `%(name)s` placeholders filled from `values`."""
    return now().gettext(message, **values)


def ngettext(singular: str, plural: str, count: int, **values) -> str:
    return now().ngettext(singular, plural, count, **values)


def error_text(error) -> str:
    """An error's message in the current language when it was made with `said` (its English
    and values; a value that is itself marked text, such as a status, is translated too),
    else its English as it is."""
    if error.words is None:
        return str(error)
    message, values = error.words
    return gettext(message, **{key: _value(value) for key, value in values.items()})


def say(text):
    """`text` in the current language when it is a Phrase (made with `said`), else as it is:
    text nobody marked (a person's note, an id) is not looked up."""
    if not isinstance(text, Phrase):
        return text
    return gettext(text.message, **{key: _value(value) for key, value in text.values.items()})


def _value(value):
    if isinstance(value, Phrase):
        return say(value)
    return gettext(value) if isinstance(value, str) and value else value
