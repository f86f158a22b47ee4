"""Planning audits: a compliance officer puts an audit on the calendar.

- `planning`: `plan_audit`, `plan_audits`, `audit_view`.

- `steering`: Steering a planned audit, and what the planning form offers.
"""
