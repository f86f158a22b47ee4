"""What the web audit page shows, read in one go and authorized: who may see this audit at
all (another facility's audit is NotFound, not a hint), the criteria by category with answers
and evidence, and every transition with whether it is allowed now and why not.

The page reads only what it shows (storage/fieldwork.py: one statement per list, no trail, no
ORM entities); a save in place writes and reads its criterion back in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

from audit_engine.domain.actor import Actor
from audit_engine.domain.errors import NotFound, TransitionNotAllowed
from audit_engine.domain.integrity.trail_segment import FINAL_EVENT
from audit_engine.domain.rules.guards import ActionFacts, AnswerFacts, FindingFacts
from audit_engine.domain.rules.lifecycle import AuditStatus, Result, display_id, parse_choice
from audit_engine.domain.rules.overdue import is_overdue
from audit_engine.domain.rules.permissions import PERMISSIONS, Grant, holds, may_read, require_read
from audit_engine.services.audits.read_models import AuditView
from audit_engine.services.lookup import actor_with_grants, audit_at_facility, email_of
from audit_engine.storage import fieldwork as reads
from audit_engine.storage import trail_changes
from audit_engine.workflow.machines import fire
from audit_engine.workflow.tables import AUDIT

EVENTS = (
    ("start", "Start fieldwork"),
    ("submit", "Submit for review"),
    ("return", "Return to fieldwork"),
    ("approve", "Approve findings"),
    ("close", "Close the audit"),
    ("cancel", "Cancel the audit"),
)
WITH_REASON = frozenset({"return", "cancel"})


@dataclass(frozen=True)
class EvidenceItem:
    ref: str
    name: str
    media_type: str
    size: int
    valid_until: date | None
    expired: bool
    carried: bool = False  # stored before this audit was planned: carried forward


@dataclass(frozen=True)
class CriterionRow:
    id: str
    title: str
    requirement: str
    guidance: str
    questions: tuple[str, ...]
    evidence_hint: tuple[str, ...]
    level: str
    result: str | None
    note: str
    answered_at: datetime | None
    evidence: tuple[EvidenceItem, ...]
    tags: tuple[str, ...]  # unanswered | failed | must-without-evidence


@dataclass(frozen=True)
class CategoryBlock:
    id: str
    name: str
    criteria: tuple[CriterionRow, ...]
    answered: int


@dataclass(frozen=True)
class TransitionOption:
    event: str
    label: str
    allowed: bool
    reason: str | None  # why not, when not allowed
    needs_reason: bool


@dataclass(frozen=True)
class AuditHeader:
    id: str  # display id, A-7
    facility: str  # code
    facility_name: str
    period: str
    status: str
    status_reason: str | None
    lead: str | None  # email
    due: date | None
    checklist: str  # id@version
    version: int


@dataclass(frozen=True)
class FindingLine:
    id: str
    criterion: str
    result: str
    severity: str
    status: str
    note: str
    reason: str | None
    severity_reason: str | None


@dataclass(frozen=True)
class ActionLine:
    id: str
    finding: str | None
    plan: str
    owner: str | None
    due: date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class FinalReport:
    sha256: str
    path: str


@dataclass(frozen=True)
class AuditPage:
    audit: AuditHeader
    answered: int
    total: int
    categories: tuple[CategoryBlock, ...]
    findings: tuple[FindingLine, ...]
    actions: tuple[ActionLine, ...]
    transitions: tuple[TransitionOption, ...]
    roles: frozenset[str]  # the actor's roles at this facility
    is_lead: bool
    final: FinalReport | None  # the stored final report of a closed audit
    seen: int  # the trail position the page was read at, which its forms carry (edits_since)


def visible(grants: list[Grant], facility: str) -> bool:
    """Whether the grants read the facility's audits (`audit.read` of the read table)."""
    return may_read(grants, "audit.read", facility)


def require_visible(session, actor: str, audit: str | int):
    """The audit, its facility code, the actor and grants; ReadRefused (404 on the web) when
    the actor may not read it."""
    row, code = audit_at_facility(session, audit)
    user, grants = actor_with_grants(session, actor)
    _refuse_unseen(actor, grants, code, row.id)
    return row, code, user, grants


def _refuse_unseen(actor: str, grants: list[Grant], code: str, number: int) -> None:
    require_read(actor, grants, "audit.read", code, f"audit {display_id('audit', number)}")


def audit_page(uow, clock, *, actor: str, audit: str | int, report_dir=None) -> AuditPage:
    """The fieldwork page: one read transaction, one statement per list it shows.
    `report_dir`: where final reports are stored (None: the page names none)."""
    from audit_engine.domain.rules.lifecycle import parse_id

    number = audit if isinstance(audit, int) else parse_id("audit", audit)
    today = clock.now().date()
    with uow.reading():
        session = uow.session
        # first: a change landing while the page is read counts as unseen
        seen = trail_changes.trail_position(session)
        head = reads.audit_header(session, number)
        if head is None:
            raise NotFound(f"audit {display_id('audit', number)} not found")
        user, grants = actor_with_grants(session, actor)
        _refuse_unseen(actor, grants, head.facility_code, number)
        answers = reads.answer_rows(session, number)
        files = reads.evidence_rows(session, number)
        findings = reads.finding_rows(session, number)
        actions = reads.action_rows(session, number) if findings else []
        final = (reads.latest_event_payload(session, number, FINAL_EVENT)
                 if report_dir and head.status == AuditStatus.CLOSED.value else None)
        catalog = pinned_catalog(session, head.checklist_hash)
    loaded = SimpleNamespace(head=head, answers=answers, files=files, findings=findings,
                             actions=actions)
    code = head.facility_code
    return AuditPage(
        audit=_header(head),
        answered=sum(1 for a in answers if a.result is not None),
        total=len(answers),
        categories=_categories(catalog, answers, _evidence_by_criterion(head, files, today)),
        findings=tuple(_finding_line(f) for f in findings),
        actions=_action_lines(actions, today),
        transitions=tuple(_options(loaded, code, user, grants)),
        roles=frozenset(g.role for g in grants if g.facility in (None, code)),
        is_lead=head.lead_id == user.id,
        final=_stored_final(report_dir, final),
        seen=seen,
    )


def _header(head) -> AuditHeader:
    return AuditHeader(display_id("audit", head.id), head.facility_code, head.facility_name,
                       head.period, head.status, head.status_reason, head.lead_email, head.due,
                       f"{head.checklist_id}@{head.checklist_version}", head.version)


def _evidence_by_criterion(head, files, today: date) -> dict[str, list[EvidenceItem]]:
    """Each criterion's files; carried forward: stored before the audit was planned."""
    shown: dict[str, list[EvidenceItem]] = {}
    for f in files:
        item = EvidenceItem(display_id("evidence", f.id), f.original_name, f.media_type, f.size,
                            f.valid_until, bool(f.valid_until and f.valid_until < today),
                            f.added_at < head.planned_at)
        shown.setdefault(f.criterion_id, []).append(item)
    return shown


def _categories(catalog, answers, evidence: dict[str, list[EvidenceItem]]
                ) -> tuple[CategoryBlock, ...]:
    rows: dict[str, list[CriterionRow]] = {}
    for answer in answers:
        files = tuple(evidence.get(answer.criterion_id, ()))
        rows.setdefault(answer.category, []).append(_criterion(catalog, answer, files))
    names = {c.id: c.name for c in catalog.categories}
    return tuple(
        CategoryBlock(cat, names.get(cat, cat), tuple(items),
                      sum(1 for i in items if i.result is not None))
        for cat, items in rows.items()
    )


def _criterion(catalog, answer, files: tuple[EvidenceItem, ...]) -> CriterionRow:
    """`answer`: a row with criterion_id, level, result, note, answered_at."""
    criterion = catalog.criterion(answer.criterion_id)
    if criterion is None:  # not in the pinned checklist: show the id alone
        text = (answer.criterion_id, "", "", (), ())
    else:
        text = (criterion.title, criterion.requirement, criterion.guidance,
                tuple(criterion.questions), tuple(criterion.evidence))
    return CriterionRow(answer.criterion_id, *text, answer.level, answer.result, answer.note,
                        answer.answered_at, files, _tags(answer, files))


def _tags(answer, files) -> tuple[str, ...]:
    tags = []
    if answer.result is None:
        tags.append("unanswered")
    if answer.result in ("partial", "non_compliant"):
        tags.append("failed")
    if answer.level == "must" and not files:
        tags.append("must-without-evidence")
    return tuple(tags)


def _finding_line(f) -> FindingLine:
    return FindingLine(display_id("finding", f.id), f.criterion_id, f.result, f.severity,
                       f.status, f.note, f.status_reason, f.severity_reason)


def _action_lines(actions, today: date) -> tuple[ActionLine, ...]:
    return tuple(
        ActionLine(display_id("action", a.id),
                   display_id("finding", a.finding_id) if a.finding_id else None, a.plan,
                   a.owner, a.due, a.status, is_overdue(a.status, a.due, today))
        for a in actions
    )


def _options(loaded, code: str, user, grants):
    for event, label in EVENTS:
        if not _from_here(event, loaded.head.status):
            continue
        reason = _why_not(loaded, code, user, grants, event)
        yield TransitionOption(event, label, reason is None, reason, event in WITH_REASON)


def _from_here(event: str, status: str) -> bool:
    for t in AUDIT.transitions:
        sources = t["source"] if isinstance(t["source"], list) else [t["source"]]
        if t["trigger"] == event and status in [str(s) for s in sources]:
            return True
    return False


def _why_not(loaded, code, user, grants, event: str) -> str | None:
    """The same checks the transition makes (role, duty, guard), without making it."""
    head = loaded.head
    roles = PERMISSIONS[f"audit.{event}"]
    if not holds(grants, roles, code):
        return f"needs role {' or '.join(sorted(roles))} at {code}"
    if event == "submit" and head.lead_id != user.id:
        return f"only the lead auditor ({head.lead_email}) submits"
    if event == "approve" and head.submitted_by_id == user.id:
        return "you submitted this audit; someone else approves it"
    try:
        fire(AUDIT, SimpleNamespace(status=head.status), event,
             subject=display_id("audit", head.id), reason="given", **_facts(loaded, event))
    except TransitionNotAllowed as refused:
        return str(refused).split(": ", 1)[-1]
    return None


def _facts(loaded, event: str) -> dict:
    """What the guards check, from the rows the page read (the transitions read the same)."""
    if event == "start":
        return {"lead": loaded.head.lead_email, "checklist": loaded.head.checklist_id}
    if event == "submit":
        return {
            "criteria": [(a.criterion_id, a.level) for a in loaded.answers],
            "answers": {a.criterion_id: AnswerFacts(a.result, a.note) for a in loaded.answers},
            "evidenced": {f.criterion_id for f in loaded.files},
        }
    if event == "approve":
        planned: dict[int, list[str]] = {}
        for a in loaded.actions:
            if a.owner_id and a.due:
                planned.setdefault(a.finding_id, []).append(display_id("action", a.id))
        return {"findings": [FindingFacts(display_id("finding", f.id), f.status, f.severity,
                                          tuple(planned.get(f.id, ()))) for f in loaded.findings]}
    if event == "close":
        return {"actions": [ActionFacts(display_id("action", a.id), a.status)
                            for a in loaded.actions]}
    return {}


def _stored_final(report_dir, payload: str | None) -> FinalReport | None:
    """The final report a `report.final` event names, if its file is in the store."""
    from pathlib import Path

    if payload is None:
        return None
    path = Path(report_dir) / json.loads(payload)["file"]
    return FinalReport(path.stem, str(path)) if path.is_file() else None


def check_visible(uow, *, actor: str, audit: str | int) -> None:
    """NotFound unless the actor may see the audit (before any write through the web)."""
    with uow.reading():
        require_visible(uow.session, actor, audit)


def visible_audits(uow, *, actor: str) -> list[AuditView]:
    """Every audit the actor may see, newest first."""
    from audit_engine.services.planning.planning import audit_view
    from audit_engine.storage.queries.audits import audits_listed

    with uow.reading():
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        views = [audit_view(session, row) for row in audits_listed(session, newest_first=True)]
    return [v for v in views if visible(grants, v.facility)]


def final_report(uow, report_dir, *, actor: str, audit: str | int) -> FinalReport | None:
    """The stored final report of a closed audit the actor may see, with its SHA-256."""
    with uow.reading():
        row, _, _, _ = require_visible(uow.session, actor, audit)
        payload = reads.latest_event_payload(uow.session, row.id, FINAL_EVENT)
    return _stored_final(report_dir, payload)


def save_answer(uow, clock, *, actor: Actor, audit: str | int, criterion: str, result: str,
                note: str, expected_answered_at: datetime | None) -> CriterionRow:
    """Record an answer (as `answers.record_answer`) and read its criterion back as the list
    shows it, in the same transaction: what a save in place sends back. Another facility's
    audit is NotFound; a stale `expected_answered_at` is StaleRecord."""
    from audit_engine.services.fieldwork.answers import write_answer

    result_value = parse_choice(Result, result, "result").value
    now = clock.now()
    with uow:
        session = uow.session
        loaded = require_visible(session, actor, audit)
        # Read first: the trail append in the write locks the trail head until commit.
        shown = _criterion_shown(session, loaded[0], criterion.strip(), now.date())
        answer = write_answer(session, now, actor, loaded, criterion, result_value, note,
                              expected_answered_at)
        uow.commit()
    return shown(answer)


def criterion_row(uow, clock, *, actor: str, audit: str | int, criterion: str) -> CriterionRow:
    """One criterion as the fieldwork list shows it: the answer, its evidence, and the
    criterion's text from the pinned checklist."""
    today = clock.now().date()
    with uow.reading():
        session = uow.session
        audit_row, _, _, _ = require_visible(session, actor, audit)
        answer = reads.answer_row(session, audit_row.id, criterion.strip())
        if answer is None:
            raise NotFound(f"criterion {criterion!r} is not on the checklist of "
                           f"{display_id('audit', audit_row.id)}")
        return _criterion_shown(session, audit_row, answer.criterion_id, today)(answer)


def _criterion_shown(session, audit_row, criterion: str, today: date):
    """Reads the criterion's files and text now; returns what makes its row from an answer."""
    files = reads.evidence_rows(session, audit_row.id, criterion)
    items = tuple(_evidence_by_criterion(audit_row, files, today).get(criterion, ()))
    catalog = pinned_catalog(session, audit_row.checklist_hash)
    return lambda answer: _criterion(catalog, answer, items)


_PINNED: dict[str, object] = {}  # content hash -> Catalog; a pinned checklist never changes


def pinned_catalog(session, checklist_hash: str):
    """An audit's pinned checklist, parsed once per process per content hash."""
    from audit_engine.domain.rules.catalog import catalog_from_snapshot

    if checklist_hash not in _PINNED:
        _PINNED[checklist_hash] = catalog_from_snapshot(
            reads.criteria_snapshot(session, checklist_hash))
    return _PINNED[checklist_hash]


def answer_change(uow, *, actor: str, audit: str | int, criterion: str) -> str:
    """Who changed a criterion's answer to what, for the message of a stale save."""
    from audit_engine.services.fieldwork.answers import answer_for

    with uow.reading():
        session = uow.session
        row, _, _, _ = require_visible(session, actor, audit)
        answer = answer_for(session, row, criterion)
        who = email_of(session, answer.answered_by_id) or "someone"
        when = answer.answered_at.strftime("%H:%M:%S UTC") if answer.answered_at else "just now"
    result = (answer.result or "unanswered").replace("_", " ")
    note = f" with the note “{answer.note}”" if answer.note else ""
    return (f"Not saved: {who} changed {criterion} at {when} to {result}{note}. "
            "Reload to see it, then save again if yours should win.")


def finding_audit(uow, *, actor: str, finding: str) -> str:
    """The display id of a finding's audit, if the actor may see it (NotFound otherwise)."""
    from audit_engine.services.lookup import finding_by_ref

    with uow.reading():
        row = finding_by_ref(uow.session, finding)
        require_visible(uow.session, actor, row.audit_id)
        return display_id("audit", row.audit_id)
