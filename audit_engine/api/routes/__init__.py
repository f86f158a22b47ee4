"""The API's routers, one module per resource family.

Modules:
- `actions`: Corrective actions: list, one (ETag: its audit's version), add to a finding, work them.
- `admin`: /facilities, /users (admins) and /checklists (read).
- `answers`: /audits/{audit}/answers: read them; write one, or many in one transaction.
- `audits`: /audits: plan, list (filters, cursor pages), show (with its ETag), transitions.
- `calendar`: /programs (recurring audits) and /subscriptions (reports mailed on a schedule).
- `common`: What every route module shares: the services, the caller, response helpers.
- `evidence`: Evidence: multipart upload under an audit, the list, the file itself.
- `findings`: Findings: per audit, one (ETag: its audit's version), confirm or dismiss.
- `outbox`: /outbox: messages waiting, sent and failed (read only; `outbox.read`: admins and
  compliance officers of every facility).
- `report_files`: /reports: the managers' portfolio and the corrective-actions report, rendered now.
- `reports`: Reports: render an audit's report now; fetch the stored final report of a closed audit.
- `risk`: /risk-assessments: CBP's Five Step Risk Assessment per facility and year (read only; the
  `audit-engine risk` commands and the web page write).
- `tokens`: /tokens: your personal API tokens (list, revoke).
- `trail`: The audit trail: one audit's events; verify the whole chain.
- `webhooks`: /webhooks: endpoints told about events, signed per the Standard Webhooks spec
  (admins).
"""

from audit_engine.api.routes import (
    actions,
    admin,
    answers,
    audits,
    calendar,
    evidence,
    findings,
    outbox,
    report_files,
    reports,
    risk,
    tokens,
    trail,
    webhooks,
)

ROUTERS = [
    admin.router,
    audits.router,
    answers.router,
    evidence.router,
    findings.router,
    actions.router,
    reports.router,
    risk.router,
    report_files.router,
    trail.router,
    calendar.router,
    outbox.router,
    tokens.router,
    webhooks.router,
]
