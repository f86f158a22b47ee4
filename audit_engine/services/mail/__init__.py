"""Mail. The outbox is the queue of messages (table `outbox_message`), nothing else.

- `outbox`: `outbox_row`, `enqueue` (idempotent by key), `dispatch` (at-least-once, with retry
  and backoff), `list_outbox`, `retry_message`.
- `reads`: `outbox_for` (the outbox for those whose roles read it).
- `recipients`: who gets which message (teams, managers, compliance officers, minus opt-outs).

- `links`: Where a message leads.
- `role_holders`: Who holds which role where, for many facilities at once.

- `chat`: Teams and Slack channels: hand-offs and overdue audits posted to an incoming webhook.
- `handoffs`: Hand-offs: when one person's step makes work for another, tell them at once.
- `languages`: Each message in its reader's language: rows split per recipients' languages.
- `criteria`: The criteria a message quotes, relabelled in its reader's language as it is
  rendered (English, marked, where the checklist has no text in that language).
- `calendar_text`: What calendar entries say (the invite a mail carries, feed events), worded
  in their reader's language.
- `inbox`: The in-app inbox and each person's notification preferences.
"""
