"""A mail quoting a criterion, in its reader's language: the criterion's title from the
checklist's translation where there is one, else English, marked (`in_english`), as pages and
reports show it.

A queued message carries, beside each finding's label (`F-3 · 6.2 Seal verification process`,
English), a reference to its criterion (`criterion`: the pinned checklist's hash, the criterion
id, the finding; domain.formats.labels.criterion_ref). The outbox renders a message in its
reader's language (mail.languages) and asks this module first to write the labels in that
language, from the view of the pinned checklist the pages use (services/shown_checklists.py).
The queued row stays as it was: data and references, no text of a language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from audit_engine.domain.formats.labels import finding_label
from audit_engine.services.shown_checklists import is_read, pinned_in

ENGLISH = "en"


@dataclass(frozen=True)
class CriteriaInLanguage:
    """Given to the outbox by the composition root: `(context, language) -> context`."""

    new_uow: Callable[[], Any]
    criteria_text: Callable[..., Any]  # (catalog id, language=) -> CatalogText or None

    def __call__(self, context: dict, language: str) -> dict:
        if language == ENGLISH:
            return context
        hashes = {ref["checklist"] for ref in references(context)}
        if not hashes:
            return context
        catalogs = self._shown(hashes, language)
        return relabeled(context, partial(_title, catalogs))

    def _shown(self, hashes: set[str], language: str) -> dict:
        """The pinned checklists in `language`; a database read only for one not yet read."""
        text_of = partial(self.criteria_text, language=language)
        if all(is_read(h) for h in hashes):
            return {h: pinned_in(None, h, language, text_of) for h in hashes}
        with self.new_uow().reading() as uow:
            return {h: pinned_in(uow.session, h, language, text_of) for h in hashes}


def references(value: Any) -> Iterator[dict]:
    """Every criterion reference in a mail's context (at any depth: a digest's lines, a
    reminder's sections' entries, a hand-off's top level)."""
    if isinstance(value, dict):
        ref = value.get("criterion")
        if isinstance(ref, dict) and ref.get("checklist"):
            yield ref
        for item in value.values():
            yield from references(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from references(item)


def relabeled(value: Any, title_of: Callable[[dict], tuple[str, bool] | None]) -> Any:
    """A copy of `value` whose referenced labels are written with `title_of(ref)`: (title,
    shown in English), or None to leave the label as it was."""
    if isinstance(value, list | tuple):
        return [relabeled(item, title_of) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: relabeled(item, title_of) for key, item in value.items()}
    ref = value.get("criterion")
    if not isinstance(ref, dict) or not ref.get("checklist"):
        return out
    shown = title_of(ref)
    if shown is not None:
        out["label"] = finding_label(ref["finding"], ref["id"], shown[0])
        out["in_english"] = shown[1]
    return out


def _title(catalogs: dict, ref: dict) -> tuple[str, bool] | None:
    criterion = catalogs[ref["checklist"]].criterion(ref["id"])
    return None if criterion is None else (criterion.title, criterion.in_english)
