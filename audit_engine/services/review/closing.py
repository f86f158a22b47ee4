"""Close as one step: the final report exists before the audit is closed.

1. Rehearse: run the close transition in a transaction, read the audit as it is then (closed,
   its `audit.close` event chained and signed), and roll back.
2. Render the final report from that view and store it content-addressed (fsynced).
3. Commit: run the close again at the same moment; if the trail moved meanwhile (the close
   event would not be the one the report shows) or the audit changed, roll back and start
   over. Otherwise record `report.final` in the same transaction and commit.
4. Append a checkpoint of the head (outside the database).

A render or storage failure refuses the close and leaves the audit in remediation. A process
killed at any moment leaves either the audit open (perhaps with an unreferenced report file)
or closed with its report stored and recorded; never closed without it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock, FixedClock
from audit_engine.domain.errors import (
    AuditEngineError,
    Conflict,
    StaleRecord,
    TransitionNotAllowed,
)
from audit_engine.domain.rules.lifecycle import AuditId, AuditStatus, display_id
from audit_engine.domain.rules.permissions import require
from audit_engine.services.lookup import actor_with_grants, audit_at_facility, audit_by_ref
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.reports.audit_data import load_audit_view
from audit_engine.services.reports.rendering import (
    FINAL_EVENT,
    FINAL_VARIANT,
    RenderedReport,
    audit_pdf,
)
from audit_engine.services.review.audit_transition import Transitioned, close_transition
from audit_engine.services.trail import append_event
from audit_engine.services.webhook_events import queue_from_trail
from audit_engine.storage.trail import last_event

ATTEMPTS = 3


class FinalReportFailed(TransitionNotAllowed):
    """The final report could not be made, so the audit was not closed."""


@dataclass(frozen=True)
class FinalReportStep:
    """What closing needs to make the final report: a renderer, where reports are stored, and
    `checkpoint(reason)` to anchor the trail head after the close (may be None)."""

    renderer: Any
    reports: Any  # storage.blob_store.BlobStore of final reports
    checkpoint: Callable[[str], Any] | None = None
    extras: Any = None  # rendering.AuditExtras: evidence photos, the trail setting

    def render(self, view) -> bytes:
        from audit_engine.services.reports.rendering import in_language

        extras = in_language(self.extras, view.facility.language)  # the facility's language
        return audit_pdf(self.renderer, view, view.closed_at, extras)

    def store(self, pdf: bytes) -> RenderedReport:
        stored = self.reports.put_bytes(pdf)  # content-addressed: never overwritten
        return RenderedReport(self.reports.local_path(stored.sha256), stored.sha256, len(pdf))


@dataclass(frozen=True)
class Rehearsal:
    view: Any  # AuditView as closed
    at: datetime
    version: int  # the audit's version before the close
    close_hash: str  # the audit.close event the report shows


class _Rehearsed(Exception):
    def __init__(self, rehearsal: Rehearsal) -> None:
        self.rehearsal = rehearsal


class _TrailMoved(Exception):
    pass


def close_with_final_report(uow: UnitOfWork, clock: Clock, step: FinalReportStep, *, actor: Actor,
                            audit: AuditId,
                            expected_version: int | None = None) -> Transitioned:
    for _ in range(ATTEMPTS):
        rehearsal = rehearse(uow, clock, actor=actor, audit=audit,
                             expected_version=expected_version)
        stored = _render_and_store(step, rehearsal)
        try:
            result = commit(uow, rehearsal, stored, actor=actor, audit=audit)
        except _TrailMoved:
            continue
        except StaleRecord:
            if expected_version is not None:
                raise
            continue
        _checkpoint(step, result.audit)
        return replace(result, extra=stored)
    raise Conflict.said("%(audit)s: the trail kept moving while the final report was rendered "
                        "(%(attempts)s times); try again", audit=str(audit), attempts=ATTEMPTS)


def _checkpoint(step: FinalReportStep, audit: str) -> None:
    """The audit is closed and its report recorded; a checkpoint that cannot be written now
    (no key file, a full disk) is left to the scheduler's daily one, not reported as a failed
    close."""
    if step.checkpoint is None:
        return
    with contextlib.suppress(AuditEngineError, OSError):
        step.checkpoint(f"close {audit}")


def rehearse(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId,
             expected_version: int | None) -> Rehearsal:
    """The audit as closing would leave it, read inside the close transaction, rolled back."""
    seen: dict = {}
    at = clock.now()

    def capture(session, row, record):
        raise _Rehearsed(Rehearsal(load_audit_view(session, row), at, seen["version"],
                                   record.hash))

    try:
        close_transition(uow, clock, actor=actor, audit=audit,
                         expected_version=expected_version, at=at, before_commit=capture,
                         seen=seen)
    except _Rehearsed as rehearsed:
        return rehearsed.rehearsal
    raise AssertionError("the close rehearsal committed")  # before_commit always raises


def _render_and_store(step: FinalReportStep, rehearsal: Rehearsal) -> RenderedReport:
    ref = rehearsal.view.id
    try:
        return step.store(step.render(rehearsal.view))
    except AuditEngineError as error:
        raise FinalReportFailed.said("cannot close %(ref)s: the final report could not be made: "
                                     "%(error)s; %(ref)s stays in remediation", ref=ref,
                                     error=error.phrase) from None
    except OSError as error:
        raise FinalReportFailed.said("cannot close %(ref)s: the final report could not be "
                                     "stored: %(error)s; %(ref)s stays in remediation", ref=ref,
                                     error=error.strerror) from None


def commit(uow: UnitOfWork, rehearsal: Rehearsal, stored: RenderedReport, *, actor: Actor,
           audit: AuditId) -> Transitioned:
    """Close for real, at the rehearsed moment, and record the stored report with it."""

    def record_final(session, row, record):
        if record.hash != rehearsal.close_hash:
            raise _TrailMoved()
        queue_from_trail(session, [append_event(
            uow, rehearsal.at, actor, FINAL_EVENT, display_id("audit", row.id),
            _final_payload(stored), row.id)])

    return close_transition(uow, FixedClock(rehearsal.at), actor=actor, audit=audit,
                            expected_version=rehearsal.version, at=rehearsal.at,
                            before_commit=record_final)


# ---- audits closed before close became one step ----------------------------------------------


def finalize_report(uow: UnitOfWork, clock: Clock, step: FinalReportStep, *, actor: Actor,
                    audit: AuditId) -> RenderedReport:
    """Make the missing final report of an audit closed without one (before this version):
    rendered from the closed audit, stored, recorded as `report.final`. Refused when the audit
    is not closed or already has its final report."""
    with uow.reading():
        ref = _may_finalize(uow.session, actor, audit)
        view = load_audit_view(uow.session, audit_by_ref(uow.session, audit))
    try:
        stored = step.store(step.render(view))
    except AuditEngineError as error:
        raise FinalReportFailed(f"the final report of {ref} could not be made: {error}") from None
    with uow:
        row = audit_by_ref(uow.session, audit)
        _may_finalize(uow.session, actor, audit)  # again, under the write lock
        queue_from_trail(uow.session, [append_event(uow, clock.now(), actor,
                                                    FINAL_EVENT, ref, _final_payload(stored),
                                                    row.id)])
        uow.commit()
    _checkpoint(step, ref)
    return stored


def _may_finalize(session, actor: Actor, audit: AuditId) -> str:
    row, facility = audit_at_facility(session, audit)
    ref = display_id("audit", row.id)
    _user, grants = actor_with_grants(session, actor)
    require(actor, grants, "audit.close", facility)
    if row.status != AuditStatus.CLOSED:
        raise TransitionNotAllowed.said("%(ref)s is %(status)s; only a closed audit gets its "
                                        "final report this way", ref=ref, status=row.status)
    if last_event(session, row.id, FINAL_EVENT) is not None:
        raise Conflict(f"{ref} already has its final report; `report finalize` only makes a "
                       "missing one")
    return ref


def _final_payload(stored: RenderedReport) -> dict:
    return {"sha256": stored.sha256, "bytes": stored.bytes, "variant": FINAL_VARIANT,
            "file": str(stored.path.relative_to(stored.path.parent.parent))}
