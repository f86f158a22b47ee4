"""Use cases, one function per verb, in folders named for what people do.

The folders import downward only, in this order (an import-linter `layers` contract in
pyproject.toml; folders on one line do not import each other):

- `pages/`: what a person sees, read in one go and authorized (web pages, read commands).
- `calendar/`: audit programs, the scheduler tick, reminders and their rules, digests, report
  subscriptions, fieldwork windows and their invites; and `offline/` (fieldwork kept on a
  phone without signal, sent when the network returns: answers, notes, photos in chunks).
- `actions/`: corrective actions, added to confirmed findings, worked and verified.
- `review/` (submit to close: transitions, closing with the final report, findings) and
  `planning/` (planning audits).
- `reports/` (report data, views and rendering), `risk/` (the Five Step Risk Assessment) and
  `administration/` (people, facilities, checklists, sign-in, setup).
- `fieldwork/` (answers, evidence, the audit workbook), `mail/` (the outbox and recipients),
  `anchoring/` (checkpoints, key rotation, the deep check) and `integrations/` (API tokens,
  idempotency, webhooks).
- `audits/`: what all audit work shares (read models, the one workflow step, edit conflicts,
  listing).
- `access` (the read table applied to the acting user) and `trail` (the audit trail).
- `webhook_events` (webhook events into the outbox), `lookup` (loading what a use case acts on
  by the ids people type), `plain_data` (read models as plain data for the CLI's JSON and
  the API), `ports` (the Protocols of what the composition root gives: unit of work,
  renderer, evidence store) and `shown_checklists` (an audit's pinned checklist in a reader's
  language, the one view of pages and mails).

Collaborators (unit of work, clock, renderer, mailer) are arguments, typed by `ports` and
`domain.clock.Clock`; nothing happens at import.
"""
