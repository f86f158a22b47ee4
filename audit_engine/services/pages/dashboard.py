"""The dashboard: per signed-in person, what waits on them and, for officers and managers,
the portfolio of their facilities. Authorized: only facilities the person holds a role for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.facility_risk import audit_overdue
from audit_engine.domain.rules.lifecycle import Role, display_id
from audit_engine.domain.rules.overdue import is_overdue
from audit_engine.domain.rules.permissions import PERMISSIONS, READS, holds
from audit_engine.services.lookup import actor_with_grants, email_of
from audit_engine.services.pages.audit_visibility import visible
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.reports.reads import risk_grid_for
from audit_engine.services.reports.views.grid import RiskGrid
from audit_engine.storage.models.lifecycle import Audit, CorrectiveAction
from audit_engine.storage.queries.actions import actions_with_place, evidence_note_authors
from audit_engine.storage.queries.answers import answer_progress
from audit_engine.storage.queries.audits import audits_listed
from audit_engine.storage.queries.facilities import all_facilities


@dataclass(frozen=True)
class AuditLine:
    ref: str
    facility: str
    period: str
    status: str
    due: date | None
    answered: int
    total: int
    lead: str | None


@dataclass(frozen=True)
class DashboardAction:
    ref: str
    audit: str  # A-<n>, or RA-<n> for a risk assessment's action-plan item
    facility: str
    plan: str
    due: date
    status: str
    overdue: bool


@dataclass(frozen=True)
class FacilityCell:
    code: str
    name: str
    latest: AuditLine | None
    open_actions: int
    overdue_actions: int


@dataclass(frozen=True)
class Waiting:
    """What waits on the person: the navigation's counts (the dashboard's four lists)."""

    fieldwork: int
    approvals: int
    to_verify: int
    my_actions: int

    @property
    def audits(self) -> int:
        return self.fieldwork + self.approvals

    @property
    def actions(self) -> int:
        return self.to_verify + self.my_actions

    @property
    def total(self) -> int:
        return self.audits + self.actions


@dataclass(frozen=True)
class Dashboard:
    my_fieldwork: tuple[AuditLine, ...]
    approvals: tuple[AuditLine, ...]
    my_actions: tuple[DashboardAction, ...]
    overdue_actions: int
    overdue_audits: int
    portfolio: tuple[FacilityCell, ...]  # empty unless officer or manager
    to_verify: tuple[DashboardAction, ...] = ()  # implemented; the reader may verify them
    reads_portfolio: bool = False  # the risk grid is theirs to read

    @property
    def waiting(self) -> Waiting:
        """The navigation's counts, from the lists already read (no second read)."""
        return Waiting(len(self.my_fieldwork), len(self.approvals), len(self.to_verify),
                       len(self.my_actions))


def dashboard(uow: UnitOfWork, clock: Clock, *, actor: Actor) -> Dashboard:
    today = clock.now().date()
    with uow.reading():
        session = uow.session
        user, grants = actor_with_grants(session, actor)
        facilities = {f.id: f for f in all_facilities(session) if visible(grants, f.code)}
        audits = [a for a in audits_listed(session) if a.facility_id in facilities]
        progress = answer_progress(session, [a.id for a in audits])
        lines = {a.id: _line(session, a, facilities, progress) for a in audits}
        # audits' actions and risk action-plan items, each with its facility code
        actions = [(c, code) for c, code, _ in actions_with_place(session)
                   if visible(grants, code)]
        verify = tuple(_action(c, code, today) for c, code in actions
                       if may_verify(session, user, grants, c, code))
    mine = tuple(_action(c, code, today) for c, code in actions
                 if c.owner_id == user.id and c.status != "verified")
    approver = PERMISSIONS["audit.approve"]
    return Dashboard(
        my_fieldwork=tuple(lines[a.id] for a in audits
                           if a.lead_id == user.id and a.status in ("planned", "fieldwork")),
        approvals=tuple(lines[a.id] for a in audits if a.status == "review"
                        and holds(grants, approver, facilities[a.facility_id].code)),
        my_actions=mine,
        overdue_actions=sum(1 for c, _ in actions if is_overdue(c.status, c.due, today)),
        # domain/rules/facility_risk.py: past due and not submitted (the portfolio's rule)
        overdue_audits=sum(1 for a in audits if audit_overdue(a.status, a.due, today)),
        portfolio=_portfolio(grants, facilities, audits, lines, actions, today),
        to_verify=verify,
        reads_portfolio=any(g.role in READS["portfolio.read"].roles for g in grants),
    )


def may_verify(session, user, grants, action, code: str) -> bool:
    """Implemented, the reader verifies at the facility, and did not work on the fix.
    `action`: a CorrectiveAction, or a row with its id, status and implemented_by_id."""
    if action.status != "implemented" or not holds(grants, PERMISSIONS["action.verify"], code):
        return False
    return user.id != action.implemented_by_id and user.id not in evidence_note_authors(
        session, action.id)


def _line(session, audit: Audit, facilities, progress) -> AuditLine:
    answered, total = progress.get(audit.id, (0, 0))
    return AuditLine(display_id("audit", audit.id), facilities[audit.facility_id].code,
                     audit.period, audit.status, audit.due, answered, total,
                     email_of(session, audit.lead_id))


def _action(action: CorrectiveAction, code: str, today: date) -> DashboardAction:
    source = (display_id("audit", action.audit_id) if action.audit_id
              else display_id("risk", action.risk_assessment_id))
    return DashboardAction(display_id("action", action.id), source, code, action.plan,
                      action.due, action.status, is_overdue(action.status, action.due, today))


def _portfolio(grants, facilities, audits, lines, actions, today) -> tuple[FacilityCell, ...]:
    if not any(g.role in (Role.COMPLIANCE_OFFICER.value, Role.MANAGER.value) for g in grants):
        return ()
    latest = {a.facility_id: lines[a.id] for a in audits if a.status != "cancelled"}
    cells = []
    for facility in sorted(facilities.values(), key=lambda f: f.code):
        mine = [(c, code) for c, code in actions if code == facility.code
                and c.status != "verified"]
        cells.append(FacilityCell(
            facility.code, facility.name, latest.get(facility.id), len(mine),
            sum(1 for c, _ in mine if is_overdue(c.status, c.due, today))))
    return tuple(cells)


def dashboard_page(uow: UnitOfWork, clock: Clock, *, actor: Actor) -> tuple[Dashboard,
                   RiskGrid | None]:
    """The dashboard and, for whoever reads the portfolio, its risk grid (else None)."""
    board = dashboard(uow, clock, actor=actor)
    return board, (risk_grid_for(uow, clock, actor=actor) if board.reads_portfolio else None)
