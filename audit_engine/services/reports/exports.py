"""Findings, corrective actions and the portfolio grid as tables for CSV or XLSX.

Each table is read in one short read transaction with a fixed number of queries (not one per
row); `export_file` turns a table into the bytes of a file, so the CLI writes them and the web
and API can send them.
"""

from __future__ import annotations

from datetime import date

from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.tables import (
    FORMATS,
    MEDIA_TYPES,
    Column,
    ExportFile,
    Table,
    as_percent,
    table_csv,
)
from audit_engine.domain.rules.lifecycle import AuditId, display_id, is_overdue
from audit_engine.domain.rules.overdue import days_overdue
from audit_engine.services.lookup import audit_by_ref
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.reports.portfolio_data import action_row_view, load_portfolio
from audit_engine.services.reports.views.risk import risk_rows
from audit_engine.storage.action_reports import action_rows
from audit_engine.storage.queries.actions import actions_with_owner_email
from audit_engine.storage.queries.findings import findings_of
from audit_engine.storage.snapshots import criterion_titles

CRITERION = (Column("Criterion", width=10), Column("Criterion title", width=40),
             Column("Severity", width=12))
TRACKING = (Column("Owner", width=28), Column("Due", "date", 12), Column("Status", width=13),
            Column("Days overdue", "int", 10))


def export_file(table: Table, fmt: str, stem: str) -> ExportFile:
    if fmt not in FORMATS:
        raise InvalidInput.said("format %(format)r is not one of: %(known)s", format=fmt,
                                known=", ".join(FORMATS))
    if fmt == "csv":
        data = table_csv(table)
    else:
        from audit_engine.spreadsheets.tables import write_table

        data = write_table(table)
    return ExportFile(f"{stem}.{fmt}", MEDIA_TYPES[fmt], data, len(table.rows))


def actions_table(uow: UnitOfWork, clock: Clock, *, audit: AuditId | int | None = None,
                  overdue: bool = False,
                  facilities=None) -> Table:
    """Columns, not entities: 10,000 actions are plain tuples, no ORM objects. A risk
    assessment's action-plan item has no finding, audit or criterion: its last column names
    the assessment instead. `facilities` (codes; None: every facility) narrows to the
    facilities the reader may read."""
    today = clock.now().date()
    with uow.reading():
        session = uow.session
        audit_id = audit_by_ref(session, audit).id if audit else None
        rows = action_rows(session, audit_id=audit_id, unverified=False)
        titles = criterion_titles(session, {r.checklist_hash for r in rows if r.checklist_hash})
    listed = []
    for row in rows:
        late = is_overdue(row.status, row.due, today)
        if overdue and not late:
            continue
        view = action_row_view(row, titles.get(row.checklist_hash, {}))
        if facilities is not None and view.facility_code not in facilities:
            continue
        listed.append((view.id, view.finding_id, view.audit_id, view.facility_code,
                       view.criterion_id, view.criterion_title, row.severity or "", view.owner,
                       view.due, view.status, days_overdue(row.status, row.due, today),
                       view.label if view.risk_assessment_id else ""))
    columns = (Column("Action", width=9), Column("Finding", width=9), Column("Audit", width=8),
               Column("Facility", width=12), *CRITERION, *TRACKING,
               Column("Risk assessment", width=40))
    return Table("Corrective actions", columns, tuple(listed))


def findings_table(uow: UnitOfWork, clock: Clock, *, audit: AuditId | int) -> Table:
    """One row per finding; owner and due of its earliest-due open action (if any)."""
    today = clock.now().date()
    with uow.reading():
        session = uow.session
        row = audit_by_ref(session, audit)
        findings = findings_of(session, row.id)
        actions = actions_with_owner_email(session, row.id)
        titles = criterion_titles(session, {row.checklist_hash}).get(row.checklist_hash, {})
    first: dict[int, tuple] = {}
    for action, owner in sorted(actions, key=lambda p: (p[0].due or date.max, p[0].id)):
        if action.status != "verified":
            first.setdefault(action.finding_id, (owner, action.due, action.status))
    listed = []
    for f in findings:
        owner, due, action_status = first.get(f.id, (None, None, None))
        listed.append((display_id("finding", f.id), display_id("audit", f.audit_id),
                       f.criterion_id, titles.get(f.criterion_id, ""), f.severity, owner, due,
                       f.status, days_overdue(action_status, due, today)))
    columns = (Column("Finding", width=9), Column("Audit", width=8), *CRITERION, *TRACKING)
    return Table("Findings", columns, tuple(listed))


def portfolio_table(uow: UnitOfWork, clock: Clock, facilities=None) -> Table:
    """Facility x category scores: the same numbers as the portfolio PDF's grid (of
    `facilities`, codes, when given), with the risk facts of domain/rules/facility_risk.py
    after the categories."""
    today = clock.now().date()
    with uow.reading():
        view = load_portfolio(uow.session, today, facilities)
    risks = {r.summary.facility.code: r
             for r in risk_rows(view.latest, [c.id for c in view.categories], view.actions, today)}
    columns = (Column("Facility", width=12), Column("Name", width=28), Column("Audit", width=8),
               Column("Period", width=9), Column("Status", width=12),
               Column("Overall", "percent", 9),
               *(Column(f"{c.id} {c.name}", "percent", 12) for c in view.categories),
               Column("Open musts", "int", 10), Column("Remediated musts", "int", 12),
               Column("Overdue actions", "int", 10), Column("Overdue audits", width=14))
    rows = tuple(
        (s.facility.code, s.facility.name, s.audit_id, s.period, s.status, as_percent(s.overall),
         *(as_percent(s.category_scores.get(c.id)) for c in view.categories),
         *_risk_cells(risks[s.facility.code]))
        for s in sorted(view.latest, key=lambda s: s.facility.code))
    return Table("Portfolio", columns, rows)


def _risk_cells(row) -> tuple:
    return (row.open_musts, row.remediated_musts, row.overdue,
            " ".join(a.id for a in row.summary.overdue_audits))
