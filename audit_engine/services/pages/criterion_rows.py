"""One criterion as the fieldwork list shows it: its answer, evidence and tags, and the text
of the audit's pinned checklist."""

from __future__ import annotations

from datetime import date

from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.imaging.thumbnails import has_picture
from audit_engine.languages import current
from audit_engine.services import shown_checklists
from audit_engine.services.pages.audit_page_models import CriterionLine, EvidenceItem


def evidence_by_criterion(head, files, today: date) -> dict[str, list[EvidenceItem]]:
    """Each criterion's files; carried forward: stored before the audit was planned."""
    shown: dict[str, list[EvidenceItem]] = {}
    for f in files:
        item = EvidenceItem(display_id("evidence", f.id), f.original_name, f.media_type, f.size,
                            f.valid_until, bool(f.valid_until and f.valid_until < today),
                            f.added_at < head.planned_at,
                            has_picture(f.original_name, f.media_type))
        shown.setdefault(f.criterion_id, []).append(item)
    return shown


def criterion_line(catalog, answer, files: tuple[EvidenceItem, ...]) -> CriterionLine:
    """`answer`: a row with criterion_id, level, result, note, answered_at."""
    criterion = catalog.criterion(answer.criterion_id)
    if criterion is None:  # not in the pinned checklist: show the id alone
        text = (answer.criterion_id, "", "", (), ())
    else:
        text = (criterion.title, criterion.requirement, criterion.guidance,
                tuple(criterion.questions), tuple(criterion.evidence))
    return CriterionLine(answer.criterion_id, *text, answer.level, answer.result, answer.note,
                         answer.answered_at, files, _tags(answer, files), answer.category,
                         in_english=bool(criterion and criterion.in_english))


def _tags(answer, files) -> tuple[str, ...]:
    tags = []
    if answer.result is None:
        tags.append("unanswered")
    if answer.result in ("partial", "non_compliant"):
        tags.append("failed")
    if answer.level == "must" and not files:
        tags.append("must-without-evidence")
    return tuple(tags)


def pinned_catalog(session, checklist_hash: str):
    """An audit's pinned checklist in the reader's language: its criteria in that language
    where the checklist has a translation, else in English and marked so (`in_english`); the
    view mails quoting a criterion use too (services/shown_checklists.py)."""
    reader = current.now()
    return shown_checklists.pinned_in(session, checklist_hash, reader.code, reader.criteria_text)
