"""`N_`: marks English text people read for the message catalogue (`make messages` extracts
it) where it is written, in a module that cannot translate; the text is translated where it
is shown, in its reader's language."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 - gettext's own name for "mark, translate later"
    return message
