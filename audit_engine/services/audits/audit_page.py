"""What the web audit page shows, read in one go and authorized: who may see this audit at
all (another facility's audit is NotFound, not a hint), the criteria by category with answers
and evidence, and every transition with whether it is allowed now and why not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

from audit_engine.domain.errors import NotFound, TransitionNotAllowed
from audit_engine.domain.lifecycle import AuditStatus, display_id
from audit_engine.domain.permissions import PERMISSIONS, Grant, holds
from audit_engine.services.audits.dossier import AuditDossier, audit_dossier
from audit_engine.services.audits.transitions import finding_facts, submit_facts
from audit_engine.services.lookup import actor_with_grants, audit_at_facility, email_of
from audit_engine.storage.models.lifecycle import CorrectiveAction
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
class AuditPage:
    dossier: AuditDossier
    categories: tuple[CategoryBlock, ...]
    transitions: tuple[TransitionOption, ...]
    roles: frozenset[str]  # the actor's roles at this facility
    is_lead: bool


def visible(grants: list[Grant], facility: str) -> bool:
    """Anyone holding any role for the facility (or for every facility) sees its audits."""
    from audit_engine.domain.permissions import visible_facilities

    codes = visible_facilities(grants)
    return codes is None or facility in codes


def require_visible(session, actor: str, audit: str | int):
    """The audit, its facility code, the actor and grants; NotFound when not visible."""
    row, code = audit_at_facility(session, audit)
    user, grants = actor_with_grants(session, actor)
    if not visible(grants, code):
        raise NotFound(f"audit {display_id('audit', row.id)} not found")
    return row, code, user, grants


def audit_page(uow, clock, *, actor: str, audit: str | int) -> AuditPage:
    with uow.reading():
        session = uow.session
        row, code, user, grants = require_visible(session, actor, audit)
        options = tuple(_options(session, row, code, user, grants))
        roles = frozenset(g.role for g in grants if g.facility in (None, code))
        is_lead = row.lead_id == user.id
        carried = _carried(session, row)
    dossier = audit_dossier(uow, clock, row.id)
    today = clock.now().date()
    return AuditPage(dossier, _categories(dossier, today, carried), options, roles, is_lead)


def _carried(session, audit) -> frozenset[str]:
    """Display ids of the audit's evidence stored before it was planned (carried forward)."""
    from sqlmodel import select

    from audit_engine.storage.models.lifecycle import Evidence, EvidenceLink

    ids = session.exec(
        select(Evidence.id).join(EvidenceLink, EvidenceLink.evidence_id == Evidence.id)
        .where(EvidenceLink.audit_id == audit.id, Evidence.added_at < audit.planned_at)
    ).all()
    return frozenset(display_id("evidence", i) for i in ids)


def _categories(dossier: AuditDossier, today: date,
                carried: frozenset[str] = frozenset()) -> tuple[CategoryBlock, ...]:
    catalog = dossier.catalog
    evidence: dict[str, list[EvidenceItem]] = {}
    for item in dossier.evidence:
        shown = EvidenceItem(item["id"], item["name"], item["media_type"], item["size"],
                             item["valid_until"],
                             bool(item["valid_until"] and item["valid_until"] < today),
                             item["id"] in carried)
        for criterion in item["criteria"]:
            evidence.setdefault(criterion, []).append(shown)
    rows: dict[str, list[CriterionRow]] = {}
    for answer in dossier.answers:
        files = tuple(evidence.get(answer["criterion"], ()))
        rows.setdefault(answer["category"], []).append(_criterion(catalog, answer, files))
    names = {c.id: c.name for c in catalog.categories}
    return tuple(
        CategoryBlock(cat, names.get(cat, cat), tuple(items),
                      sum(1 for i in items if i.result is not None))
        for cat, items in rows.items()
    )


def _criterion(catalog, answer: dict, files: tuple[EvidenceItem, ...]) -> CriterionRow:
    criterion = catalog.criterion(answer["criterion"])
    if criterion is None:  # not in the pinned checklist: show the id alone
        return CriterionRow(answer["criterion"], answer["criterion"], "", "", (), (),
                            answer["level"], answer["result"], answer["note"],
                            answer["answered_at"], files, _tags(answer, files))
    return CriterionRow(answer["criterion"], criterion.title, criterion.requirement,
                        criterion.guidance, tuple(criterion.questions), tuple(criterion.evidence),
                        answer["level"], answer["result"], answer["note"], answer["answered_at"],
                        files, _tags(answer, files))


def _tags(answer: dict, files) -> tuple[str, ...]:
    tags = []
    if answer["result"] is None:
        tags.append("unanswered")
    if answer["result"] in ("partial", "non_compliant"):
        tags.append("failed")
    if answer["level"] == "must" and not files:
        tags.append("must-without-evidence")
    return tuple(tags)


def _options(session, row, code: str, user, grants):
    for event, label in EVENTS:
        if not _from_here(event, row.status):
            continue
        reason = _why_not(session, row, code, user, grants, event)
        yield TransitionOption(event, label, reason is None, reason, event in WITH_REASON)


def _from_here(event: str, status: str) -> bool:
    for t in AUDIT.transitions:
        sources = t["source"] if isinstance(t["source"], list) else [t["source"]]
        if t["trigger"] == event and status in [str(s) for s in sources]:
            return True
    return False


def _why_not(session, row, code, user, grants, event: str) -> str | None:
    """The same checks the transition makes (role, duty, guard), without making it."""
    roles = PERMISSIONS[f"audit.{event}"]
    if not holds(grants, roles, code):
        return f"needs role {' or '.join(sorted(roles))} at {code}"
    if event == "submit" and row.lead_id != user.id:
        return f"only the lead auditor ({email_of(session, row.lead_id)}) submits"
    if event == "approve" and row.submitted_by_id == user.id:
        return "you submitted this audit; someone else approves it"
    facts = _facts(session, row, event)
    try:
        fire(AUDIT, SimpleNamespace(status=row.status), event,
             subject=display_id("audit", row.id), reason="given", **facts)
    except TransitionNotAllowed as refused:
        return str(refused).split(": ", 1)[-1]
    return None


def _facts(session, row, event: str) -> dict:
    if event == "start":
        return {"lead": email_of(session, row.lead_id), "checklist": row.checklist_id}
    if event == "submit":
        return submit_facts(session, row)
    if event == "approve":
        return {"findings": finding_facts(session, row)}
    if event == "close":
        from sqlmodel import select

        from audit_engine.domain.guards import ActionFacts

        actions = session.exec(
            select(CorrectiveAction).where(CorrectiveAction.audit_id == row.id)).all()
        return {"actions": [ActionFacts(display_id("action", a.id), a.status) for a in actions]}
    return {}


def in_fieldwork(page: AuditPage) -> bool:
    return page.dossier.audit["status"] == AuditStatus.FIELDWORK.value


def check_visible(uow, *, actor: str, audit: str | int) -> None:
    """NotFound unless the actor may see the audit (before any write through the web)."""
    with uow.reading():
        require_visible(uow.session, actor, audit)


def visible_audits(uow, *, actor: str) -> list[dict]:
    """Every audit the actor may see, newest first."""
    from audit_engine.services.audits.planning import audit_view
    from audit_engine.storage.models.lifecycle import Audit

    with uow.reading():
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        rows = session.exec(select_all(Audit)).all()
        views = [audit_view(session, row) for row in rows]
    return [v for v in views if visible(grants, v["facility"])]


def select_all(model):
    from sqlmodel import select

    return select(model).order_by(model.id.desc())


@dataclass(frozen=True)
class FinalReport:
    sha256: str
    path: str


def final_report(uow, report_dir, *, actor: str, audit: str | int) -> FinalReport | None:
    """The stored final report of a closed audit the actor may see, with its SHA-256."""
    from audit_engine.services.reports.rendering import final_report_path

    check_visible(uow, actor=actor, audit=audit)
    path = final_report_path(uow, report_dir, audit)
    if path is None or not path.is_file():
        return None
    return FinalReport(path.stem, str(path))


def criterion_row(uow, clock, *, actor: str, audit: str | int, criterion: str) -> CriterionRow:
    """One criterion as the fieldwork list shows it (what a save in place sends back): the
    answer, its evidence, and the criterion's text from the pinned checklist."""
    from sqlmodel import select

    from audit_engine.services.audits.answers import answer_for
    from audit_engine.storage.models.lifecycle import Evidence, EvidenceLink

    today = clock.now().date()
    with uow.reading():
        session = uow.session
        row, _, _, _ = require_visible(session, actor, audit)
        answer = answer_for(session, row, criterion)
        files = session.exec(
            select(Evidence).join(EvidenceLink, EvidenceLink.evidence_id == Evidence.id)
            .where(EvidenceLink.audit_id == row.id,
                   EvidenceLink.criterion_id == answer.criterion_id).order_by(Evidence.id)
        ).all()
        catalog = pinned_catalog(row)
    items = tuple(EvidenceItem(display_id("evidence", e.id), e.original_name, e.media_type,
                               e.size, e.valid_until, bool(e.valid_until and e.valid_until < today))
                  for e in files)
    view = {"criterion": answer.criterion_id, "level": answer.level, "result": answer.result,
            "note": answer.note, "answered_at": answer.answered_at}
    return _criterion(catalog, view, items)


_PINNED: dict[str, object] = {}  # content hash -> Catalog; a pinned checklist never changes


def pinned_catalog(audit):
    """The audit's pinned checklist, parsed once per process per content hash."""
    from audit_engine.domain.catalog import catalog_from_snapshot

    if audit.checklist_hash not in _PINNED:
        _PINNED[audit.checklist_hash] = catalog_from_snapshot(audit.criteria_snapshot)
    return _PINNED[audit.checklist_hash]


def answer_change(uow, *, actor: str, audit: str | int, criterion: str) -> str:
    """Who changed a criterion's answer to what, for the message of a stale save."""
    from audit_engine.services.audits.answers import answer_for

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
