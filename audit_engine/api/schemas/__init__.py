"""Request and response bodies of the API, one module per resource.

Modules: `base` (In, Out, Record: what every body shares), `admin` (facilities, users,
checklists), `audits` (planning, summaries, the audit page, steps), `answers`, `evidence`,
`findings`, `actions` (corrective actions, their steps and notes), `trail` (events and
verification), `calendar` (programs and subscriptions), `webhooks` (webhooks and API tokens).
"""
