"""The queries services call, one module per concern; each function names what it returns.

Services never build SQL: they call these with the session their unit of work opened.

Modules:
- `actions`: Queries for corrective actions and their progress notes.
- `answers`: Queries for an audit's answers (one row per criterion on its checklist).
- `audit_report`: What the audit report reads beyond the audit row.
- `audits`: Queries for audits: lists, pages, the previous audit of a facility, planning batches.
- `calendar`: What the fieldwork calendar reads: audits with facility, lead and window; feed
  links.
- `catalogs`: The checklist catalog versions a database has registered.
- `closed_audits`: The closed audits of a quarter and what their archive holds: linked and attached
  evidence files.
- `evidence`: Queries for evidence files and their links to an audit's criteria.
- `facilities`: Facilities by code: the ones planning names, those in a scope, every code, codes by
  id.
- `findings`: Queries for an audit's findings.
- `lookups`: One row by what people type: a user by e-mail, a facility by code, an audit with its
  facility's code, a user's grants.
- `people`: Users by the keys other rows carry: e-mails by id, names by e-mail; users with grants.
- `portfolio`: What the managers' portfolio reads in bulk: scores summed per audit and category by
  the database, the programmes' cadences.
- `programs`: Audit programs: the one per facility, checklist and cadence, those due, a period's
  audit.
- `reminder_scans`: What the tick's reminder scan reads, each a range on an indexed date column.
- `reminder_settings`: Reminder rule overrides and users' opt-outs from the optional rules.
- `risk`: Risk assessments.
- `role_holders`: Who holds which role, among active users: grants, named facility managers,
  auditors.
- `rows`: Whole tables, for the few readers that need every row (the deep trail check, short lists).
- `teams`: Audit teams: the auditors picked for an audit besides its lead.
- `subscriptions`: Report subscriptions due to run, and the counts that tell whether a report has
  news.

- `handoffs`: What a hand-off message says about its audit or corrective action
  (services.mail.handoffs).
"""
