"""Corrective actions: added to confirmed findings, worked by their owner, verified by another."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, StaleRecord, TransitionNotAllowed
from audit_engine.domain.rules.lifecycle import (
    ActionId,
    AuditStatus,
    FindingId,
    FindingStatus,
    default_due,
    display_id,
)
from audit_engine.domain.rules.permissions import (
    OWNER_ROLES,
    require,
    require_not_implementer,
    require_owner_or_manager,
    require_role,
)
from audit_engine.domain.words import said
from audit_engine.services.access import reads_first
from audit_engine.services.actions.action_views import action_view
from audit_engine.services.audits.edits_since import require_unchanged, unchanged_at_commit
from audit_engine.services.audits.read_models import ActionView, ActionWritten, fields_of
from audit_engine.services.audits.workflow_step import Target, take_step
from audit_engine.services.fieldwork.answers import require_status
from audit_engine.services.fieldwork.evidence import safe_name, store_file_evidence
from audit_engine.services.lookup import (
    action_by_ref,
    actor_with_grants,
    audit_at_facility,
    email_of,
    finding_by_ref,
    grants_of,
    risk_action_facility,
    user_by_email,
)
from audit_engine.services.mail import handoffs
from audit_engine.services.ports import EvidenceStore, UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage.models.lifecycle import ActionNote, Audit, CorrectiveAction, Finding
from audit_engine.storage.queries.actions import (
    evidence_note_authors,
    has_evidence_note,
)
from audit_engine.workflow.machines import start
from audit_engine.workflow.tables import ACTION, OPEN_WHILE


def _written(view: ActionView, version: int | None) -> ActionWritten:
    return ActionWritten(**fields_of(view), version=version)


def _audit_checked(session, audit_id: int, expected_version: int | None) -> tuple[Audit, str]:
    """The action's audit and its facility code; StaleRecord if the audit moved on."""
    audit, code = audit_at_facility(session, audit_id)
    if expected_version is not None and audit.version != expected_version:
        raise StaleRecord(said("audit %(ref)s", ref=display_id("audit", audit.id)))
    return audit, code


@reads_first("finding", "finding")
def add_action(
    uow: UnitOfWork,
    clock: Clock,
    *,
    actor: Actor,
    finding: FindingId,
    owner: str,
    plan: str,
    due: date | None = None,
    root_cause: str = "",
    due_days: dict | None = None,
    expected_version: int | None = None,
) -> ActionWritten:
    today = clock.now().date()
    _check_new_action(plan, due, today)
    with uow:
        session = uow.session
        row = finding_by_ref(session, finding)
        audit, code = _audit_checked(session, row.audit_id, expected_version)
        user, grants = actor_with_grants(session, actor)
        require(actor, grants, "action.add", code)
        _require_actionable(audit, row)
        person = user_by_email(session, owner, "action owner")
        require_role(person.email, grants_of(session, person), OWNER_ROLES, code, "action owner")
        now = clock.now()
        action = CorrectiveAction(
            finding_id=row.id,
            audit_id=audit.id,
            owner_id=person.id,
            plan=plan,
            due=due or default_due(row.severity, today, due_days),
            root_cause=root_cause,
            created_by_id=user.id,
            created_at=now,
        )
        start(ACTION, action)
        view = _record_new_action(uow, action, audit, actor, now, today)
        uow.commit()
        return _written(view, audit.version)  # the audit's version this write made


def _check_new_action(plan: str, due: date | None, today: date) -> None:
    if not plan.strip():
        raise InvalidInput.said("--plan must not be empty")
    if due is not None and due < today:
        raise InvalidInput.said("due date %(due)s is before today (%(today)s)", due=due,
                                today=today)


def _require_actionable(audit: Audit, finding: Finding) -> None:
    if audit.status not in OPEN_WHILE["action.add"]:
        raise TransitionNotAllowed.said(
            "actions are added in review or remediation; %(ref)s is %(status)s",
            ref=display_id("audit", audit.id), status=audit.status)
    if finding.status != FindingStatus.CONFIRMED:
        raise TransitionNotAllowed.said(
            "%(ref)s is %(status)s; only confirmed findings get corrective actions",
            ref=display_id("finding", finding.id), status=finding.status
        )


def _record_new_action(uow: UnitOfWork, action: CorrectiveAction, audit: Audit, actor: Actor,
                       now, today):
    """Add the action (bumping the audit's version) and its trail event; return its view."""
    session = uow.session
    session.add(action)
    audit.updated_at = now
    session.add(audit)
    session.flush()
    view = action_view(session, action, today)
    payload = {"finding": view.finding, "owner": view.owner, "plan": view.plan,
               "root_cause": view.root_cause}
    payload["due"] = action.due.isoformat()
    ref = display_id("action", action.id)
    handoffs.tell(uow, append_event(uow, now, actor, "action.add", ref, payload,
                                        audit.id))  # the owner hears of it now
    return view


def act_on(
    uow: UnitOfWork,
    clock: Clock,
    store: EvidenceStore,
    *,
    actor: Actor,
    action: ActionId,
    event: str,
    note: str | None = None,
    evidence: Path | None = None,
    expected_version: int | None = None,
    unchanged_since: int | None = None,
) -> ActionWritten:
    """start | implement | verify | reject, with an optional note and evidence file. Returns
    the action's view with `version`: the audit's version this step wrote (None for a risk
    assessment's item).

    `expected_version`: the audit's version as read (StaleRecord when anything under the
    audit changed); `unchanged_since`: the trail position as read (StaleRecord only when this
    action changed since; see edits_since)."""
    _check_evidence_file(store, evidence)
    step = _ActionStep(store, action, event, note, evidence, expected_version, unchanged_since)
    return take_step(
        uow, clock, actor=actor, workflow=ACTION, event=event, load=step.load, check=step.check,
        facts=step.facts, apply=step.apply, context={"note": note},
        before_commit=_then_tell(uow, unchanged_at_commit(unchanged_since)),
        result=lambda session, moved: _written(
            action_view(session, moved.target.row, moved.at.date()), moved.version),
    )


@dataclass
class _ActionStep:
    """The parts of one step on a corrective action, in the order `take_step` runs them."""

    store: Any
    action: ActionId
    event: str
    note: str | None
    evidence: Path | None
    expected_version: int | None
    unchanged_since: int | None
    facility_id: int | None = None  # the parent's facility, once loaded
    stored: Any = None  # the evidence file, once stored

    def load(self, session) -> Target:
        row = action_by_ref(session, self.action)
        audit, self.facility_id, code = _parent(session, row, self.expected_version)
        ref = display_id("action", row.id)
        require_unchanged(session, ref, self.unchanged_since)
        return Target(row, audit, code, ref)

    def check(self, session, target: Target, user, grants) -> None:
        _may(self.event, user, grants, target.row, target.facility, target.ref, session)
        if target.audit is not None:  # a risk assessment's action has no audit
            require_status(target.audit, AuditStatus.REMEDIATION, "corrective actions are worked")

    def facts(self, session, target: Target, user, now) -> dict:
        if self.facility_id is None:  # `load` sets it first
            raise TypeError(f"{target.ref}: facts asked before the action was loaded")
        self.stored = _store_evidence(session, self.store, self.evidence, self.facility_id,
                                      user.id, now)
        shown = self.stored is not None or has_evidence_note(session, target.row.id)
        return {"reason": self.note, "has_evidence": shown}

    def apply(self, session, target: Target, user, now) -> dict:
        _stamp(target.row, self.event, user.id, now)
        _add_note(session, target.row, self.event, self.note, self.stored, user.id, now)
        return {"evidence": self.stored.sha256 if self.stored else None}


def _then_tell(uow: UnitOfWork, check):
    """The step's before_commit: its own check, then the hand-off (implemented: verifiers;
    rejected: the owner) queued in the same transaction."""
    def before_commit(session, target, record) -> None:
        if check is not None:
            check(session, target, record)
        handoffs.tell(uow, record)

    return before_commit


def _check_evidence_file(store: EvidenceStore, evidence: Path | None) -> None:
    if evidence is not None:
        safe_name(evidence)
        if not evidence.is_file():
            raise InvalidInput(f"evidence file {evidence}: no such file")
        store.check_size(evidence)


def _parent(session, row: CorrectiveAction, expected_version: int | None):
    """(audit or None, facility id, facility code) of an audit's action or a risk
    assessment's action-plan item (worked whatever the state of any audit)."""
    if row.audit_id is None:
        facility_id, code = risk_action_facility(session, row.risk_assessment_id)
        return None, facility_id, code
    audit, code = _audit_checked(session, row.audit_id, expected_version)
    return audit, audit.facility_id, code


def _store_evidence(session, store: EvidenceStore, evidence: Path | None, facility_id: int,
                    user_id: int, now):
    if evidence is None:
        return None
    return store_file_evidence(
        session, store, path=evidence, facility_id=facility_id, user_id=user_id, now=now
    )


def _add_note(session, row: CorrectiveAction, event, note, stored, user_id: int, now) -> None:
    """Progress text and/or evidence file, kept with the event it came with."""
    if note or stored:
        session.add(
            ActionNote(
                action_id=row.id,
                event=event,
                text=note or "",
                evidence_id=stored and stored.id,
                author_id=user_id,
                at=now,
            )
        )


def _may(event, user, grants, row, code, ref, session) -> None:
    require(user.email, grants, f"action.{event}", code)
    if event in ("start", "implement"):
        require_owner_or_manager(user.email, email_of(session, row.owner_id), grants, code, ref)
    if event == "verify":
        require_not_implementer(user.email, _contributors(session, row), ref)


def _contributors(session, row: CorrectiveAction) -> set[str]:
    """Everyone who implemented the action or recorded evidence on it."""
    ids = evidence_note_authors(session, row.id)
    if row.implemented_by_id is not None:
        ids.add(row.implemented_by_id)
    return {e for e in (email_of(session, user_id) for user_id in ids) if e is not None}


def _stamp(row: CorrectiveAction, event: str, user_id: int, now) -> None:
    if event == "implement":
        row.implemented_by_id, row.implemented_at = user_id, now
    elif event == "verify":
        row.verified_by_id, row.verified_at = user_id, now
    elif event == "reject":
        row.verified_by_id, row.verified_at = None, None

