"""`N_`: marks English text people read for the message catalogue (`make messages` extracts
it) where it is written, in a module that cannot translate; the text is translated where it
is shown, in its reader's language.

`said` does the same for text with values filled in (a guard's unmet condition, the subject
of a refusal): a `Phrase` is the English text itself wherever it goes (the CLI, the API, a
log), and carries its message and values so a page can say it in its reader's language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for "mark, translate later"
    return message


class Phrase(str):
    """English text (`message` % `values`) that remembers how it was made; a value may be a
    Phrase too (translated with it)."""

    message: str
    values: dict[str, Any]

    def __new__(cls, message: str, values: dict[str, Any]) -> Phrase:
        text = super().__new__(cls, message % values if values else message)
        text.message, text.values = message, values
        return text

    def __reduce__(self) -> tuple[type[Phrase], tuple[str, dict[str, Any]]]:
        # a Phrase copied or pickled stays a Phrase
        return Phrase, (self.message, self.values)


def said(message: str, /, **values: Any) -> Phrase:
    """`message` (English, marked for the catalogue by this call) filled from `values`."""
    return Phrase(message, values)


def joined(separator: str, parts: Sequence[str]) -> str:
    """`parts` one after another (each translated where it is a Phrase), `separator` between."""
    if len(parts) == 1:
        return parts[0]
    names = [f"p{i}" for i in range(len(parts))]
    return Phrase(separator.join(f"%({n})s" for n in names), dict(zip(names, parts, strict=True)))
