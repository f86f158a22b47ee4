"""What happens on a schedule.

- `programs`: `add_program`, `list_programs`, `set_paused`, `open_due_audits`.
- `tick`: `tick` (one pass of every job as of a moment), `run_service` (leader/standby loop),
  `status`, `describe`.
- `reminders`: the tick's reminder scan; `reminder_rules`: `list_rules`, `set_rule`,
  `set_opt_out` (rules as data and users' opt-outs).
- `subscriptions`: `add_subscription`, `list_subscriptions`, `remove_subscription`,
  `queue_due_subscriptions`.
- `fieldwork_window`: `settle_new_audit` (window, invite, carried evidence),
  `move_fieldwork`.

- `calendar_audits`: The audits a person's calendar shows (month page and feed), with overdue.
- `feeds`: Per-person calendar feeds at a secret address: made, made anew, switched off, read.
- `action_reminders`: The tick's corrective-action reminders: one message a day per person, listing
  them all.
- `digests`: The weekly digest: to each manager, about the facilities where they hold a role only.
- `open_now`: Open a programme's next audit now instead of on its opening date (a programme added in
  December first opens in January; the officer need not wait).
- `reads`: Reads of audit programs and report subscriptions, for those allowed to see them.
"""
