"""Which languages there are, and each one's translations, read from its `.po` file.

A language is a code (`en`, `es`, `pt_BR`) with a catalogue; English is the source text and
needs none. The list is what is on disk: nothing to register in code.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from audit_engine.domain.errors import InvalidInput

SOURCE = "en"
CATALOGUE = "messages.po"
_CODE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]{2,4})?")


@lru_cache(maxsize=1)
def shipped_dir() -> Path:
    return Path(__file__).resolve().parent / "locale"


@lru_cache(maxsize=8)  # asked for each translation a request looks up
def catalogue_dirs(user_dir: Path | None) -> tuple[Path, ...]:
    """The operator's catalogues (`<template_dir>/languages/`) first, then ours."""
    ours = shipped_dir()
    if user_dir is None or not (Path(user_dir) / "languages").is_dir():
        return (ours,)
    return ((Path(user_dir) / "languages").resolve(), ours)


def catalogue_path(code: str, dirs: tuple[Path, ...]) -> Path | None:
    for folder in dirs:
        path = folder / code / "LC_MESSAGES" / CATALOGUE
        if path.is_file():
            return path
    return None


def known(user_dir: Path | None = None) -> tuple[str, ...]:
    """Every language: English, then each catalogue's code, sorted."""
    codes = {p.parent.parent.name for d in catalogue_dirs(user_dir)
             for p in d.glob(f"*/LC_MESSAGES/{CATALOGUE}")}
    return (SOURCE, *sorted(codes - {SOURCE}))


def checked(code: str | None, languages: tuple[str, ...], *, where: str = "language") -> str:
    """`code` if it is among `languages` (see `known`), else InvalidInput listing them."""
    code = (code or "").strip().replace("-", "_")
    if code not in languages:
        shown = code or "(empty)"
        raise InvalidInput(f"{where} {shown!r} is not a language here; "
                           f"choose one of: {', '.join(languages)}")
    return code


def translations(code: str, user_dir: Path | None = None):
    """gettext translations of `code` (NullTranslations for English), cached per process."""
    return _translations(code, catalogue_dirs(user_dir))


@lru_cache(maxsize=16)
def _translations(code: str, dirs: tuple[Path, ...]):
    from babel.support import NullTranslations

    path = None if code == SOURCE or not _CODE.fullmatch(code) else catalogue_path(code, dirs)
    if path is None:
        return NullTranslations()
    return compiled(path, code)


def compiled(path: Path, code: str):
    """The `.po` at `path` as gettext translations; fuzzy entries are left out (English)."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po
    from babel.support import Translations

    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=code.split("_")[0], abort_invalid=True)
    except PoFileError as error:  # the message names the line
        raise InvalidInput(f"catalogue {path}: {error}") from None
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer)


def from_header(header: str | None, languages: tuple[str, ...]) -> str:
    """The language a browser asks for (`Accept-Language: es-MX,es;q=0.9`) among `languages`
    (see `known`): a region matched exactly or by its language; English when none is there."""
    asked = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, weight = part.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            continue
        if tag and quality > 0:
            asked.append((-quality, position, tag.strip().replace("-", "_")))
    for _, _, tag in sorted(asked):
        for candidate in (tag, tag.split("_")[0].lower()):
            if candidate in languages:
                return candidate
    return SOURCE
