"""The API's routers, one module per resource family."""

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
