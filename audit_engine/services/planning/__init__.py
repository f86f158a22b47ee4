"""Planning audits: a compliance officer puts an audit on the calendar.

- `planning`: `plan_audit`, `plan_audits`, `audit_view`.

- `steering`: Steering a planned audit, and what the planning form offers.

- `team`: An audit's team: the auditors who do its fieldwork with the lead.
"""
