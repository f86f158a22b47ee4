"""Use cases, one function per verb, in folders named for what users do.

- `audits/`: planning, fieldwork (answers, evidence), transitions, findings, corrective actions,
  carry-forward of evidence, the dossier `audit show` prints.
- `reports/`: report data read from storage, the report views built from it (`views/`), and
  rendering (audit report, portfolio, corrective actions, batch, final report).
- `calendar/`: audit programs, the scheduler tick, reminders and their rules, report
  subscriptions, fieldwork windows and their invites.
- `mail/`: the outbox (the queue of messages: enqueue, dispatch, list, retry) and recipients.
- `administration/`: people and facilities, database setup, checklists, generated workflow docs.
- `lookup.py` (loading what a use case acts on by the ids people type), `access.py` (the read
  table applied to the acting user), `trail.py` (the audit trail) and `plain_data.py` (read
  models as plain data, for the CLI's JSON and the API) are shared by every folder.

Collaborators (unit of work, clock, renderer, mailer) are arguments; nothing happens at import.
"""
