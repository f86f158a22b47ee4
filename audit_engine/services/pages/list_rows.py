"""What the audits, actions, findings and evidence lists filter, sort and export each row by
(list_filters)."""

from __future__ import annotations

from datetime import date

from audit_engine.domain.rules.lifecycle import OPEN_AUDIT
from audit_engine.services.audits.read_models import AuditView
from audit_engine.services.pages.action_page import ActionPageRow
from audit_engine.services.pages.evidence_list import EvidenceRow
from audit_engine.services.pages.finding_list import FindingRow
from audit_engine.services.pages.list_filters import Facts

AUDIT_SORTS = ("due", "id", "facility", "period", "status", "lead")
ACTION_SORTS = ("due", "id", "facility", "owner", "status")
AUDIT_HEADERS = (("Audit", "text"), ("Facility", "text"), ("Period", "text"),
                 ("Status", "text"), ("Lead", "text"), ("Due", "date"), ("Overdue", "text"))
ACTION_HEADERS = (("Action", "text"), ("Facility", "text"), ("Audit or assessment", "text"),
                  ("Plan", "text"), ("Owner", "text"), ("Due", "date"), ("Status", "text"),
                  ("Overdue", "text"))


def audit_facts(today: date):
    def facts(a: AuditView) -> Facts:
        late = a.status in OPEN_AUDIT and a.due is not None and a.due < today
        return Facts(f"{a.id} {a.facility} {a.period} {a.lead or ''} {a.checklist}",
                     a.facility, a.status, a.period, a.lead or "", late,
                     {"due": a.due, "id": a.id, "facility": a.facility, "period": a.period,
                      "status": a.status, "lead": a.lead})
    return facts


def action_facts(row: ActionPageRow) -> Facts:
    a = row.view
    place = a.audit or a.risk_assessment or ""
    return Facts(f"{a.id} {a.facility} {place} {a.plan} {a.owner or ''} {a.label or ''}",
                 a.facility, a.status, "", a.owner or "", a.overdue,
                 {"due": a.due, "id": a.id, "facility": a.facility, "owner": a.owner,
                  "status": a.status})


def audit_line(a: AuditView, today: date) -> tuple:
    late = audit_facts(today)(a).overdue
    return (a.id, a.facility, a.period, a.status, a.lead or "", a.due, "yes" if late else "")


def action_line(row: ActionPageRow) -> tuple:
    a = row.view
    return (a.id, a.facility, a.audit or a.risk_assessment or "", a.plan, a.owner or "", a.due,
            a.status.replace("_", " "), "yes" if a.overdue else "")


FINDING_SORTS = ("id", "audit", "facility", "period", "criterion", "severity", "status")
FINDING_HEADERS = (("Finding", "text"), ("Audit", "text"), ("Facility", "text"),
                   ("Period", "text"), ("Criterion", "text"), ("Result", "text"),
                   ("Severity", "text"), ("Status", "text"), ("Note", "text"))


def finding_facts(f: FindingRow) -> Facts:
    return Facts(f"{f.id} {f.audit} {f.facility} {f.criterion} {f.note}", f.facility, f.status,
                 f.period, "", False,
                 {"id": f.id, "audit": f.audit, "facility": f.facility, "period": f.period,
                  "criterion": f.criterion, "severity": f.severity, "status": f.status})


def finding_line(f: FindingRow) -> tuple:
    return (f.id, f.audit, f.facility, f.period, f.criterion, f.result.replace("_", " "),
            f.severity, f.status, f.note)


EVIDENCE_SORTS = ("added", "id", "name", "facility", "audit", "period", "criterion", "size")
EVIDENCE_HEADERS = (("File", "text"), ("Name", "text"), ("Kind", "text"), ("Bytes", "int"),
                    ("Facility", "text"), ("Audit", "text"), ("Period", "text"),
                    ("Criterion", "text"), ("Added", "date"), ("Valid until", "date"))


def evidence_facts(e: EvidenceRow) -> Facts:
    return Facts(f"{e.id} {e.name} {e.audit} {e.criterion}", e.facility, "", e.period,
                 keys={"added": e.added_at, "id": e.id, "name": e.name, "facility": e.facility,
                       "audit": e.audit, "period": e.period, "criterion": e.criterion,
                       "size": e.size},
                 audit=e.audit, criterion=e.criterion)


def evidence_line(e: EvidenceRow) -> tuple:
    return (e.id, e.name, e.media_type, e.size, e.facility, e.audit, e.period, e.criterion,
            e.added_at.date(), e.valid_until)

