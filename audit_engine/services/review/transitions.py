"""Audit transitions: load, check who acts, gather the guard facts, fire, trail, commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import PermissionDenied
from audit_engine.domain.rules.guards import AnswerFacts, FindingFacts
from audit_engine.domain.rules.lifecycle import (
    AuditId,
    FindingStatus,
    display_id,
    parse_id,
    severity_for,
)
from audit_engine.domain.rules.permissions import require_not_submitter
from audit_engine.services.lookup import email_of
from audit_engine.services.mail import handoffs
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.review.audit_transition import (
    Transitioned,
    audit_transition,
    close_transition,
)
from audit_engine.storage.models.lifecycle import Audit, Finding
from audit_engine.storage.queries.actions import actions_of_audit
from audit_engine.storage.queries.answers import answers_of
from audit_engine.storage.queries.evidence import evidenced_criteria
from audit_engine.storage.queries.findings import findings_of
from audit_engine.workflow.machines import fire, start
from audit_engine.workflow.tables import FINDING


def start_fieldwork(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId,
                    expected_version: int | None = None):
    def facts(session, row, user):
        return {"lead": email_of(session, row.lead_id), "checklist": row.checklist_id}

    return audit_transition(
        uow,
        clock,
        actor=actor,
        audit_ref=audit,
        event="start",
        expected_version=expected_version,
        facts=facts,
    )


def submit_audit(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId,
                 expected_version: int | None = None):
    def facts(session, row, user):
        if row.lead_id != user.id:
            lead = email_of(session, row.lead_id)
            raise PermissionDenied(
                f"only the lead auditor ({lead}) submits {display_id('audit', row.id)}",
                permission="audit.submit", duty="lead")
        return submit_facts(session, row)

    def apply(session, row, user, now):
        row.submitted_by_id, row.submitted_at, row.status_reason = user.id, now, None
        return {"findings": draft_findings(session, row, now)}

    return audit_transition(
        uow,
        clock,
        actor=actor,
        audit_ref=audit,
        event="submit",
        expected_version=expected_version,
        facts=facts,
        apply=apply,
        before_commit=lambda session, row, record: handoffs.tell(uow, record),  # approvers
    )


def submit_facts(session, audit: Audit) -> dict[str, Any]:
    answers = answers_of(session, audit.id)
    evidenced = evidenced_criteria(session, audit.id)
    return {
        "criteria": [(a.criterion_id, a.level) for a in answers],
        "answers": {a.criterion_id: AnswerFacts(a.result, a.note) for a in answers},
        "evidenced": evidenced,
    }


def draft_findings(session, audit: Audit, now) -> list[str]:
    """A draft finding per partial/non-compliant answer; drafts whose answer is now fine are
    dismissed (after a return to fieldwork). Confirmed findings are left as decided."""
    existing = {f.criterion_id: f for f in findings_of(session, audit.id)}
    drafted = []
    for answer in answers_of(session, audit.id):
        severity = severity_for(answer.level, answer.result or "")
        finding = existing.get(answer.criterion_id)
        if severity is None:
            if finding is not None and finding.status == FindingStatus.DRAFT:
                reason = "answer changed before resubmission"
                fire(FINDING, finding, "dismiss", subject=display_id("finding", finding.id),
                     reason=reason)
                finding.status_reason = reason
                session.add(finding)
            continue
        if finding is None:
            finding = Finding(
                audit_id=audit.id,
                criterion_id=answer.criterion_id,
                result=answer.result,
                level=answer.level,
                severity=severity.value,
                note=answer.note,
                created_at=now,
            )
            start(FINDING, finding)
        elif finding.status == FindingStatus.DRAFT:
            finding.result, finding.severity, finding.note = (
                answer.result,
                severity.value,
                answer.note,
            )
        session.add(finding)
        session.flush()
        drafted.append(display_id("finding", finding.id))
    return drafted


def return_audit(
    uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId, reason: str,
    expected_version: int | None = None
):
    """Send the audit back from review to fieldwork, with the reason."""
    return _with_reason(uow, clock, "return", actor, audit, reason, expected_version)


def cancel_audit(
    uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId, reason: str,
    expected_version: int | None = None
):
    """Cancel a planned, in-fieldwork or in-review audit, with the reason."""
    return _with_reason(uow, clock, "cancel", actor, audit, reason, expected_version)


def _with_reason(uow: UnitOfWork, clock: Clock, event, actor: Actor, audit, reason,
                 expected_version):
    def apply(session, row, user, now):
        row.status_reason = reason

    return audit_transition(
        uow, clock, actor=actor, audit_ref=audit, event=event, apply=apply,
        expected_version=expected_version, facts=None, context={"reason": reason},
    )


def approve_audit(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId,
                  expected_version: int | None = None):
    def facts(session, row, user):
        submitter = email_of(session, row.submitted_by_id)
        require_not_submitter(user.email, submitter, display_id("audit", row.id))
        return {"findings": finding_facts(session, row)}

    def apply(session, row, user, now):
        row.approved_by_id, row.approved_at = user.id, now

    return audit_transition(
        uow,
        clock,
        actor=actor,
        audit_ref=audit,
        event="approve",
        expected_version=expected_version,
        facts=facts,
        apply=apply,
    )


def finding_facts(session, audit: Audit) -> list[FindingFacts]:
    findings = findings_of(session, audit.id)
    actions = actions_of_audit(session, audit.id)
    by_finding: dict[int, list[str]] = {}
    for action in actions:
        if action.owner_id and action.due:
            by_finding.setdefault(action.finding_id, []).append(display_id("action", action.id))
    return [
        FindingFacts(
            display_id("finding", f.id), f.status, f.severity, tuple(by_finding.get(f.id, ()))
        )
        for f in findings
    ]


def close_audit(
    uow: UnitOfWork,
    clock: Clock,
    *,
    actor: Actor,
    audit: AuditId,
    expected_version: int | None = None,
    on_closed: Callable[[int], Any] | None = None,
) -> Transitioned:
    """Close the audit. With `on_closed` a services.review.closing.FinalReportStep (what the
    entry points pass: `App.final_report_hook`), closing is one step: the final report is
    rendered from the audit as closed and stored first, then one transaction closes the audit
    and records `report.final`; `.extra` is the stored report. Any other callable is called
    with the audit id after the commit (its result in `.extra`)."""
    from audit_engine.services.review.closing import FinalReportStep, close_with_final_report

    if isinstance(on_closed, FinalReportStep):
        return close_with_final_report(uow, clock, on_closed, actor=actor, audit=audit,
                                       expected_version=expected_version)
    result = close_transition(uow, clock, actor=actor, audit=audit,
                              expected_version=expected_version)
    if on_closed is None:
        return result
    return replace(result, extra=on_closed(parse_id("audit", result.audit)))
