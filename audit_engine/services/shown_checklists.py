"""An audit's pinned checklist as a reader of one language sees it: its criteria in that
language where the checklist has a translation, else in English and marked (`in_english`).

One view for everyone who shows criteria: the pages (services/pages/criterion_rows.py) and the
mails quoting a criterion (services/mail/criteria.py). Both are kept per process: the parsed
snapshot per content hash (a pinned checklist never changes), the shown catalog per (hash,
language) while its translation is the same object (the checklists load as the same objects
while their files are unchanged, so identity tells).
"""

from __future__ import annotations

from collections import OrderedDict

from audit_engine.domain.rules.catalog import Catalog, catalog_from_snapshot
from audit_engine.domain.rules.criterion_text import SOURCE_LANGUAGE, shown_catalog
from audit_engine.storage import fieldwork as reads

_PINNED: dict[str, Catalog] = {}  # content hash -> Catalog
_SHOWN: OrderedDict[tuple[str, str], tuple[object, Catalog]] = OrderedDict()
SHOWN_KEPT = 32


def pinned(session, checklist_hash: str) -> Catalog:
    """The pinned checklist in English (parsed once per process per content hash)."""
    if checklist_hash not in _PINNED:
        _PINNED[checklist_hash] = catalog_from_snapshot(
            reads.criteria_snapshot(session, checklist_hash))
    return _PINNED[checklist_hash]


def is_read(checklist_hash: str) -> bool:
    """Whether `pinned` needs no database for this hash (a mail opens none when so)."""
    return checklist_hash in _PINNED


def pinned_in(session, checklist_hash: str, code: str, text_of) -> Catalog:
    """The pinned checklist in language `code`; `text_of(catalog id)`: the checklist's text
    in that language (criterion_text.CatalogText) or None."""
    catalog = pinned(session, checklist_hash)
    if code == SOURCE_LANGUAGE:
        return catalog
    return in_language(catalog, checklist_hash, code, text_of(catalog.id))


def in_language(catalog: Catalog, checklist_hash: str, code: str, text) -> Catalog:
    key = (checklist_hash, code)
    kept = _SHOWN.get(key)
    if kept is not None and kept[0] is text:
        _SHOWN.move_to_end(key)
        return kept[1]
    shown = shown_catalog(catalog, code, {code: text} if text else {})
    _SHOWN[key] = (text, shown)
    while len(_SHOWN) > SHOWN_KEPT:
        _SHOWN.popitem(last=False)
    return shown
