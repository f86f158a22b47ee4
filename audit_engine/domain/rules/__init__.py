"""Domain rules: what the audit workflow allows and what its words mean.

Modules: `accounts` (passwords, throttling, session lifetimes), `action_reminders` (who is told
about which corrective action), `applicability` (which entity types a criterion applies to),
`catalog` (the checklist catalog as plain values), `catalog_diff` (what changed between two
catalogs), `criterion_text` (a catalog's text in
another language, a criterion as its reader sees it), `entity_profiles` (how complete each
entity profile is), `facility_risk` (what puts a facility at risk), `guards` (workflow
guards), `lifecycle` (statuses and verdicts), `overdue` (the one meaning of overdue),
`permissions` (who may do what), `profile_rows` (a member's `id, level` rows checked against a
catalog), `reminders` (reminder rules and date rules), `risk` (the Five Step Risk Assessment),
`risk_steps` (its five steps' words in each language, with their sources),
`scoring` (an audit's scores), `sso` (identity providers, the group-to-role table, the
words of single sign-on refusals), `status_writes` (only the workflow writes `status`).

Modules:
- `channels`: How a person is told of each kind of message: by mail, in the app's inbox, both, or
  not.
"""
