"""Drift checks of a catalogue against the template of marked text (`messages.pot`): every
entry translated, none fuzzy, and each translation naming the same placeholders as its
English. CI runs them (tests/languages); each problem is one line naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def placeholders(text: str) -> list[str]:
    """The `%(name)s` (and positional `%s`) placeholders of `text`, sorted; `%%` is none."""
    found = [m.group(1) or m.group(0) for m in PLACEHOLDER.finditer(text)]
    return sorted(p for p in found if p != "%%")


def read(path: Path):
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle)


def problems(po_path: Path, pot_path: Path) -> list[str]:
    """What keeps `po_path` from being complete: missing, fuzzy, placeholders that differ."""
    catalogue, wanted = read(po_path), read(pot_path)
    found = []
    for entry in wanted:
        if not entry.id:
            continue
        have = catalogue.get(entry.id, entry.context)
        if have is None or not _translated(have):
            found.append(f"{po_path}: missing translation of {_shown(entry.id)}")
        elif have.fuzzy:
            found.append(f"{po_path}:{have.lineno}: fuzzy translation of {_shown(entry.id)}")
        else:
            found += _placeholder_problems(po_path, have)
    return found


def _translated(entry) -> bool:
    strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    return all(strings)


def _placeholder_problems(po_path: Path, entry) -> list[str]:
    ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
    strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
    english = set(placeholders(ids[-1])) | set(placeholders(ids[0]))
    found = []
    for text in strings:
        named = set(placeholders(text))
        # A plural form may leave the count out ("una acción"); it may add nothing.
        if named - english or (english - named - {"count", "num"}):
            found.append(f"{po_path}:{entry.lineno}: placeholders {sorted(named)} in the "
                         f"translation of {_shown(ids[0])}, not {sorted(english)}")
    return found


def _shown(message: str | tuple) -> str:
    text = message[0] if isinstance(message, tuple) else message
    return repr(text if len(text) <= 60 else text[:57] + "...")
