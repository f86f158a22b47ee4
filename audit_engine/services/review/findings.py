"""Findings: drafted on submit, confirmed or dismissed during review."""

from __future__ import annotations

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, PermissionDenied, StaleRecord
from audit_engine.domain.formats.labels import finding_label
from audit_engine.domain.rules.lifecycle import (
    AuditId,
    FindingId,
    Severity,
    display_id,
    parse_choice,
)
from audit_engine.domain.rules.permissions import require
from audit_engine.domain.words import N_, said
from audit_engine.services.access import reads_first
from audit_engine.services.audits.edits_since import require_unchanged, unchanged_at_commit
from audit_engine.services.audits.read_models import FindingDecided, FindingView, fields_of
from audit_engine.services.audits.workflow_step import Target, take_step
from audit_engine.services.fieldwork.answers import require_status
from audit_engine.services.lookup import (
    audit_at_facility,
    audit_by_ref,
    finding_by_ref,
)
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage.models.lifecycle import Audit, Finding
from audit_engine.storage.queries.findings import findings_of
from audit_engine.workflow.tables import FINDING, OPEN_WHILE


def criterion_title(session, finding: Finding) -> str:
    """The title of the finding's criterion in its audit's pinned checklist ("" if unknown)."""
    audit = session.get(Audit, finding.audit_id)
    if audit is None:
        return ""
    criteria = audit.criteria_snapshot.get("criteria", ())
    return next((c["title"] for c in criteria if c["id"] == finding.criterion_id), "")


def finding_view(session, finding: Finding) -> FindingView:
    ref = display_id("finding", finding.id)
    return FindingView(
        id=ref,
        finding_label=finding_label(ref, finding.criterion_id, criterion_title(session, finding)),
        audit=display_id("audit", finding.audit_id),
        criterion=finding.criterion_id,
        level=finding.level,
        result=finding.result,
        severity=finding.severity,
        status=finding.status,
        note=finding.note,
        reason=finding.status_reason,
        severity_reason=finding.severity_reason,
    )


@reads_first("finding", "finding")
def confirm_finding(
    uow: UnitOfWork,
    clock: Clock,
    *,
    actor: Actor,
    finding: FindingId,
    severity: str | None = None,
    reason: str | None = None,
    expected_version: int | None = None,
    unchanged_since: int | None = None,
) -> FindingDecided:
    """Confirm a draft; the lead auditor may change its severity, giving a reason.

    `expected_version`: the audit's version as read (StaleRecord when anything under the
    audit changed); `unchanged_since`: the trail position as read (StaleRecord only when this
    finding changed since; see edits_since)."""
    return _decide(
        uow,
        clock,
        actor=actor,
        finding=finding,
        event="confirm",
        severity=severity,
        reason=reason,
        expected_version=expected_version,
        unchanged_since=unchanged_since,
    )


@reads_first("finding", "finding")
def dismiss_finding(
    uow: UnitOfWork,
    clock: Clock,
    *,
    actor: Actor,
    finding: FindingId,
    reason: str | None,
    expected_version: int | None = None,
    unchanged_since: int | None = None,
) -> FindingDecided:
    """Dismiss a draft with a reason (`expected_version`, `unchanged_since`: as confirm)."""
    return _decide(
        uow,
        clock,
        actor=actor,
        finding=finding,
        event="dismiss",
        severity=None,
        reason=reason,
        expected_version=expected_version,
        unchanged_since=unchanged_since,
    )


def _decide(uow: UnitOfWork, clock: Clock, *, actor: Actor, finding, event, severity, reason,
            expected_version,
            unchanged_since) -> FindingDecided:
    """The finding's view with `version`: the audit's version this decision wrote."""

    def load(session) -> Target:
        row = finding_by_ref(session, finding)
        audit, facility_code = audit_at_facility(session, row.audit_id)
        if expected_version is not None and audit.version != expected_version:
            raise StaleRecord(said("audit %(ref)s", ref=display_id("audit", audit.id)))
        ref = display_id("finding", row.id)
        require_unchanged(session, ref, unchanged_since)
        return Target(row, audit, facility_code, ref)

    def check(session, target: Target, user, grants) -> None:
        require(actor, grants, f"finding.{event}", target.facility)
        require_status(target.audit, OPEN_WHILE[f"finding.{event}"][0], "findings are decided")

    def apply(session, target: Target, user, now) -> dict:
        row = target.row
        changed = {} if severity is None else _adjust_severity(row, target.audit, user, severity,
                                                               reason)
        row.decided_by_id, row.decided_at = user.id, now
        row.status_reason = reason if event == "dismiss" else row.status_reason
        return changed

    return take_step(
        uow, clock, actor=actor, workflow=FINDING, event=event, load=load, check=check,
        apply=apply, context={"reason": reason},
        before_commit=unchanged_at_commit(unchanged_since),
        result=lambda session, moved: FindingDecided(
            **fields_of(finding_view(session, moved.target.row)),
            version=_written(moved)),
    )


def _adjust_severity(row: Finding, audit: Audit, user, severity: str, reason: str | None) -> dict:
    new = parse_choice(Severity, severity, N_("severity")).value
    if new == row.severity:
        return {}
    if audit.lead_id != user.id:
        raise PermissionDenied(  # said by the web from its duty (phrases.DUTIES)
            f"only the lead auditor of {display_id('audit', audit.id)} changes a finding's"
            " severity", duty="lead_severity")
    if not (reason and reason.strip()):
        raise InvalidInput.said("changing the severity needs --reason")
    before, row.severity, row.severity_reason = row.severity, new, reason
    return {"severity_from": before, "severity_to": new}


def list_findings(uow: UnitOfWork, audit: AuditId | int) -> list[FindingView]:
    with uow.reading():
        row = audit_by_ref(uow.session, audit)
        return [finding_view(uow.session, f) for f in findings_of(uow.session, row.id)]


def _written(moved) -> int:
    """The audit's version a finding decision wrote (a finding always has its audit)."""
    if moved.version is None:
        raise TypeError(f"{moved.target.ref}: a finding without its audit")
    return int(moved.version)
