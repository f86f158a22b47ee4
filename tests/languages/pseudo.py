"""The pseudo-locale `en_XA`, made from messages.pot at test time: every entry bracketed ⟦…⟧
and accented, written where an operator's catalogue goes (`<template_dir>/languages/`). Any
English word left outside the brackets that is not data is text nobody marked."""

from __future__ import annotations

import re
from pathlib import Path

from audit_engine.languages import checks
from audit_engine.languages.catalogues import shipped_dir

PSEUDO = "en_XA"
ACCENTS = str.maketrans("aeiouAEIOUnNcC", "áéíóúÁÉÍÓÚñÑçÇ")
KEEP = re.compile(r"(%\(\w+\)[sdr]|%%|<[^>]+>|&\w+;|\n)")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]")
# Words that are no English to translate: names of things and units.
ALLOWED = {"audit-engine", "CTPAT", "PDF", "UTC", "JSON", "SHA", "CBP", "MSC", "HTML", "ID"}


def pseudo(text: str) -> str:
    """Bracketed and accented; a placeholder's value stays outside the brackets, so English
    filled into a translated sentence is seen as English (unless it is data)."""
    parts = KEEP.split(text)
    return "⟦" + "".join(_outside(p) if PLACEHOLDER.fullmatch(p) else p if KEEP.fullmatch(p)
                         else p.translate(ACCENTS) for p in parts) + "⟧"


def _outside(placeholder: str) -> str:
    return f"⟧{placeholder}⟦"


def write_pseudo_locale(root: Path) -> Path:
    """`root` made a template folder whose languages/ holds the pseudo-locale."""
    from babel.messages.pofile import write_po

    catalogue = checks.read(shipped_dir() / "messages.pot")
    for message in catalogue:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            forms = tuple(pseudo(ids[min(i, len(ids) - 1)]) for i in range(2))
            message.string = forms if isinstance(message.id, tuple) else forms[0]
    target = root / "languages" / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True)
    catalogue.locale = "en"
    with (target / "messages.po").open("wb") as handle:
        write_po(handle, catalogue)
    return root


def english_left(text: str, data: list[str], allowed: set[str] = ALLOWED) -> list[str]:
    """Words outside the brackets that are neither data nor allowed (nor code: commands, file
    names and hashes set in monospace are no language)."""
    text = re.sub(r'<(code|kbd)\b[^>]*>.*?</\1>|<span class="mono">[^<]*</span>', " ", text,
                  flags=re.S)
    while "⟦" in text:
        stripped = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
        if stripped == text:
            break
        text = stripped
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    text = re.sub(r"<[^>]+>|[a-z]+://\S+|[\w.+-]+@[\w.-]+|&\w+;|\b[A-Z]{1,4}-\d+", " ", text)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text) if w not in allowed]


def values(thing) -> list[str]:
    if isinstance(thing, dict):
        return [v for item in thing.values() for v in values(item)]
    if isinstance(thing, list | tuple):
        return [v for item in thing for v in values(item)]
    return [str(thing)] if isinstance(thing, str) else []


def stored_strings(thing) -> list[str]:
    """Every text a view (dataclasses, mappings, sequences) holds: its data, shown as it is."""
    import dataclasses

    if dataclasses.is_dataclass(thing) and not isinstance(thing, type):
        return [s for f in dataclasses.fields(thing)
                for s in stored_strings(getattr(thing, f.name))]
    if isinstance(thing, dict):
        return [s for v in thing.values() for s in stored_strings(v)]
    if isinstance(thing, list | tuple | frozenset | set):
        return [s for v in thing for s in stored_strings(v)]
    return [thing] if isinstance(thing, str) else []
