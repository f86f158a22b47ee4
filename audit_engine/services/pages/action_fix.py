"""What an action's owner has to fix, read for the top of the action page: the criterion
that failed (id, title, requirement), the finding's result, severity and note, the files the
auditor attached to that criterion, and the due date with the days left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.services.pages.criterion_rows import pinned_catalog
from audit_engine.storage.models.lifecycle import Audit, CorrectiveAction, Finding
from audit_engine.storage.queries.evidence import evidence_for_criterion


@dataclass(frozen=True)
class FixFile:
    ref: str  # E-n
    name: str
    media_type: str

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")


@dataclass(frozen=True)
class WhatToFix:
    criterion: str
    title: str
    requirement: str
    result: str
    severity: str
    note: str
    files: tuple[FixFile, ...]
    due: date
    days_left: int  # negative: overdue by that many days
    in_english: bool = False  # the reader's language has no text for the criterion


def what_to_fix(session, action_number: int, today: date) -> WhatToFix | None:
    """None for a risk assessment's action-plan item (it fixes no audit finding). The caller
    has authorized the reader for the action's facility."""
    action = session.get(CorrectiveAction, action_number)
    if action is None or action.finding_id is None:
        return None
    finding = session.get(Finding, action.finding_id)
    audit = session.get(Audit, finding.audit_id)
    criterion = pinned_catalog(session, audit.checklist_hash).criterion(finding.criterion_id)
    files = tuple(FixFile(display_id("evidence", e.id), e.original_name, e.media_type)
                  for e in evidence_for_criterion(session, audit.id, finding.criterion_id))
    return WhatToFix(
        finding.criterion_id, criterion.title if criterion else finding.criterion_id,
        criterion.requirement if criterion else "", finding.result, finding.severity,
        finding.note, files, action.due, (action.due - today).days,
        in_english=bool(criterion and criterion.in_english))
