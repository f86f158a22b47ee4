"""Changes made on a fieldwork category page, each followed by the criterion as its category
page shows it (what the page swaps in place): one service per request at the web's edge.
Every write goes through the fieldwork services, which check the person's permission and the
audit's state; the read after it applies the read table (another facility's audit: 404)."""

from __future__ import annotations

from collections.abc import Sequence

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.lifecycle import AuditId, EvidenceId
from audit_engine.services.actions.evidence_uploads import Upload, add_uploads
from audit_engine.services.fieldwork.answer_rest import answer_rest
from audit_engine.services.fieldwork.evidence_links import (
    AuditFile,
    files_of_audit,
    link_evidence,
    unlink_evidence,
)
from audit_engine.services.pages.audit_page_models import CriterionLine
from audit_engine.services.pages.audit_visibility import load_visible_audit
from audit_engine.services.pages.criterion_edits import criterion_row
from audit_engine.services.pages.fieldwork_view import CategoryPage, criterion_in_category
from audit_engine.services.ports import EvidenceStore, UnitOfWork

Shown = tuple[CategoryPage, CriterionLine]


def upload_on_criterion(uow: UnitOfWork, clock: Clock, store: EvidenceStore, *, actor: Actor,
                        audit: AuditId,
                        criterion: str,
                        uploads: Sequence[Upload], max_bytes: int) -> Shown:
    """Photos or files taken on one criterion, linked to it."""
    _load_visible(uow, actor, audit)
    add_uploads(uow, clock, store, actor=actor, audit=audit, uploads=uploads,
                criteria=[criterion], valid_until=None, max_bytes=max_bytes)
    return criterion_in_category(uow, clock, actor=actor, audit=audit, criterion=criterion)


def photo_for_category(uow: UnitOfWork, clock: Clock, store: EvidenceStore, *, actor: Actor,
                       audit: AuditId,
                       category: str,
                       criteria: Sequence[str], uploads: Sequence[Upload], max_bytes: int,
                       rest_compliant: bool) -> None:
    """One photo (or files) for the chosen criteria of a category; with `rest_compliant` the
    category's unanswered criteria are then answered compliant, in the same step."""
    from audit_engine.domain.errors import InvalidInput

    if not criteria:
        raise InvalidInput.said("tick at least one criterion for the photo")
    _load_visible(uow, actor, audit)
    add_uploads(uow, clock, store, actor=actor, audit=audit, uploads=uploads,
                criteria=criteria, valid_until=None, max_bytes=max_bytes)
    if rest_compliant:
        answer_rest(uow, clock, actor=actor, audit=audit, category=category,
                    result="compliant")


def link_on_criterion(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId,
                      criterion: str,
                      evidence: EvidenceId) -> Shown:
    _load_visible(uow, actor, audit)
    link_evidence(uow, clock, actor=actor, audit=audit, criterion=criterion, evidence=evidence)
    return criterion_in_category(uow, clock, actor=actor, audit=audit, criterion=criterion)


def unlink_on_criterion(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId,
                        criterion: str,
                        evidence: EvidenceId) -> Shown:
    _load_visible(uow, actor, audit)
    unlink_evidence(uow, clock, actor=actor, audit=audit, criterion=criterion,
                    evidence=evidence)
    return criterion_in_category(uow, clock, actor=actor, audit=audit, criterion=criterion)


def file_choices(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId,
                 criterion: str) -> tuple[CriterionLine, list[AuditFile]]:
    """The criterion, and the audit's files not linked to it yet (each one tap to link)."""
    row = criterion_row(uow, clock, actor=actor, audit=audit, criterion=criterion)
    with uow.reading():
        found, _, _, _ = load_visible_audit(uow.session, actor, audit)
        files = files_of_audit(uow.session, found.id)
    linked = {e.ref for e in row.evidence}
    return row, [f for f in files if f.ref not in linked]


def _load_visible(uow: UnitOfWork, actor: Actor, audit: AuditId) -> None:
    """Another facility's audit is not found (404), before anything is written or stored."""
    with uow.reading():
        load_visible_audit(uow.session, actor, audit)


