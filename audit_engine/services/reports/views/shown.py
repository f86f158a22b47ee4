"""An audit report's view in its reader's language: the criterion titles and category names of
the pinned checklist in that language where the checklist has a translation, else English and
marked (`in_english`). The view stays English for the report's embedded JSON."""

from __future__ import annotations

from dataclasses import replace

from audit_engine.domain.rules.criterion_text import CatalogText
from audit_engine.services.reports.views.models import CategoryView, ReportAudit


def in_language(view: ReportAudit, text: CatalogText | None) -> ReportAudit:
    """`view` with criterion titles and category names from `text` (None: no translation of
    this checklist in the report's language, every title marked English)."""
    criteria = text.criteria if text else {}
    categories = text.categories if text else {}

    def title(criterion_id: str, english: str) -> tuple[str, bool]:
        found = criteria.get(criterion_id)
        return (found.title, False) if found else (english, bool(english))

    answers = tuple(replace(a, title=shown[0], in_english=shown[1])
                    for a in view.answers for shown in [title(a.criterion_id, a.title)])
    findings = tuple(
        replace(f, criterion_title=shown[0], in_english=shown[1],
                actions=tuple(replace(a, criterion_title=shown[0]) for a in f.actions))
        for f in view.findings for shown in [title(f.criterion_id, f.criterion_title)])
    shown_categories = tuple(replace(c, name=categories[c.id][0]) if c.id in categories else c
                             for c in view.categories)
    return replace(view, answers=answers, findings=findings, categories=shown_categories)


def titles_in_language(titles: dict[str, str], categories: list[CategoryView],
                       text: CatalogText | None, translated: bool = True):
    """A pinned checklist's (criterion titles, categories) as a report in another language
    shows them, with the ids of the criteria left in English. `translated` False: the report
    is in English, nothing to mark."""
    if not translated:
        return titles, categories, frozenset()
    have = text.criteria if text else {}
    names = text.categories if text else {}
    shown = {key: have[key].title if key in have else title for key, title in titles.items()}
    english = frozenset(key for key, title in titles.items() if key not in have and title)
    return shown, [CategoryView(c.id, names[c.id][0]) if c.id in names else c
                   for c in categories], english
