"""What the web audit page shows, read in one go and authorized: who may see this audit at
all (another facility's audit is NotFound, not a hint), the criteria by category with answers
and evidence, and every transition with whether it is allowed now and why not.

The page reads only what it shows (storage/fieldwork.py: one statement per list, no trail, no
ORM entities); a save in place writes and reads its criterion back in one transaction.
"""

from __future__ import annotations

import json
from datetime import date
from types import SimpleNamespace

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import NotFound
from audit_engine.domain.integrity.trail_segment import FINAL_EVENT
from audit_engine.domain.rules.lifecycle import AuditId, AuditStatus, display_id
from audit_engine.domain.rules.overdue import is_overdue
from audit_engine.services.lookup import actor_with_grants, row_number
from audit_engine.services.pages.audit_page_models import (
    ActionLine,
    AuditHeader,
    AuditPage,
    CategoryBlock,
    CriterionLine,
    EvidenceItem,
    FinalReport,
    FindingLine,
)
from audit_engine.services.pages.audit_steps import transition_options
from audit_engine.services.pages.audit_visibility import load_visible_audit, refuse_unseen
from audit_engine.services.pages.criterion_rows import (
    criterion_line,
    evidence_by_criterion,
    pinned_catalog,
)
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import fieldwork as reads
from audit_engine.storage import trail_changes
from audit_engine.storage.queries.teams import team_emails


def audit_page(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId | int, reports=None,
               with_team: bool = False) -> AuditPage:
    """The fieldwork page: one read transaction, one statement per list it shows.
    `reports`: the final reports' store (None: none named); `with_team`: the team too."""
    number = row_number(AuditId, audit)
    today = clock.now().date()
    with uow.reading():
        return read_audit_page(uow.session, actor, number, today, reports=reports,
                               with_team=with_team)


def read_audit_page(session, actor: Actor, number: int, today: date, *, reports=None,
                    with_team: bool = False, acting=None, whole: bool = True) -> AuditPage:
    """The page read inside a transaction the caller holds (a save in place reads the page it
    leaves in its own write). `acting`: the (user, grants) already looked up, if any.
    `whole=False`: the criteria and their counts only, what a save in place sends back (no
    trail position, findings, actions or workflow steps)."""
    # first: a change landing while the page is read counts as unseen
    seen = trail_changes.trail_position(session) if whole else 0
    head = reads.audit_header(session, number)
    if head is None:
        raise NotFound.said("audit %(ref)s not found", ref=display_id("audit", number))
    user, grants = acting or actor_with_grants(session, actor)
    refuse_unseen(actor, grants, head.facility_code, number)
    answers = reads.answer_rows(session, number)
    team = tuple(team_emails(session, number)) if with_team else ()
    files = reads.evidence_rows(session, number)
    findings = reads.finding_rows(session, number) if whole else []
    actions = reads.action_rows(session, number) if findings else []
    final = (reads.latest_event_payload(session, number, FINAL_EVENT)
             if reports and head.status == AuditStatus.CLOSED.value else None)
    catalog = pinned_catalog(session, head.checklist_hash)
    loaded = SimpleNamespace(head=head, answers=answers, files=files, findings=findings,
                             actions=actions)
    return _page(loaded, catalog, user, grants, today, team, stored_final(reports, final), seen,
                 whole)


def _page(loaded, catalog, user, grants, today: date, team, final, seen,
          whole: bool) -> AuditPage:
    head, answers, code = loaded.head, loaded.answers, loaded.head.facility_code
    return AuditPage(
        audit=_header(head, team),
        answered=sum(1 for a in answers if a.result is not None),
        total=len(answers),
        categories=_categories(catalog, answers, evidence_by_criterion(head, loaded.files,
                                                                       today)),
        findings=tuple(_finding_line(f) for f in loaded.findings),
        actions=_action_lines(loaded.actions, today),
        transitions=tuple(transition_options(loaded, code, user, grants)) if whole else (),
        roles=frozenset(g.role for g in grants if g.facility in (None, code)),
        is_lead=head.lead_id == user.id,
        final=final,
        seen=seen,
    )


def _header(head, team: tuple[str, ...] = ()) -> AuditHeader:
    return AuditHeader(display_id("audit", head.id), head.facility_code, head.facility_name,
                       head.period, head.status, head.status_reason, head.lead_email, head.due,
                       f"{head.checklist_id}@{head.checklist_version}", head.version, team,
                       head.time_zone)


def _categories(catalog, answers, evidence: dict[str, list[EvidenceItem]]
                ) -> tuple[CategoryBlock, ...]:
    rows: dict[str, list[CriterionLine]] = {}
    for answer in answers:
        files = tuple(evidence.get(answer.criterion_id, ()))
        rows.setdefault(answer.category, []).append(criterion_line(catalog, answer, files))
    names = {c.id: c.name for c in catalog.categories}
    return tuple(
        CategoryBlock(cat, names.get(cat, cat), tuple(items),
                      sum(1 for i in items if i.result is not None))
        for cat, items in rows.items()
    )


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


def stored_final(reports, payload: str | None) -> FinalReport | None:
    """The final report a `report.final` event names, if its file is in the store."""
    if payload is None:
        return None
    sha256 = json.loads(payload)["sha256"]
    return FinalReport(sha256, reports.where(sha256)) if reports.exists(sha256) else None


def fetch_final(uow: UnitOfWork, reports, *, actor: Actor, audit: AuditId | int):
    """(SHA-256, a local copy) of the final report of an audit the actor may see, or None."""
    final = final_report(uow, reports, actor=actor, audit=audit)
    path = reports.local_path(final.sha256) if final else None
    return (final.sha256, path) if final and path else None


def final_report(uow: UnitOfWork, reports, *, actor: Actor,
                 audit: AuditId | int) -> FinalReport | None:
    """The stored final report of a closed audit the actor may see, with its SHA-256."""
    with uow.reading():
        row, _, _, _ = load_visible_audit(uow.session, actor, audit)
        payload = reads.latest_event_payload(uow.session, row.id, FINAL_EVENT)
    return stored_final(reports, payload)
