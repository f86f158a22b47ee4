"""Every table module, imported so SQLModel.metadata is complete (for Alembic and tests).

Modules:
- `accounts`: Sign-in: password hashes and second factors, web sessions, throttling, one-time links.
- `api`: What the HTTP API keeps: personal API tokens, idempotency records, webhook endpoints.
- `catalog`: Registry of the checklist catalogs this database has seen, by content hash.
- `lifecycle`: Audit lifecycle tables: audits, answers, evidence, findings, corrective actions, the
  trail.
- `people`: People and places: users, their roles (scoped to facilities), facilities.
- `risk`: Five Step Risk Assessment tables: one assessment per facility and year, its rated items.
- `scheduling`: Schedules and mail: audit programs, fieldwork windows, reminder rules, opt-outs,
  report subscriptions, the outbox, and the scheduler lease.

- `sso`: Single sign-on: identities at providers linked to users, and sign-ins under way.
- `notifications`: What people are told in the app, and how each person wants to be told.
"""

from audit_engine.storage.models import (  # noqa: F401
    accounts,
    api,
    catalog,
    lifecycle,
    notifications,
    people,
    risk,
    scheduling,
    sso,
)
