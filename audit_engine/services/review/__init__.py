"""Review: the audit's workflow from submit to close, and its findings.

- `transitions`: `start_fieldwork`, `submit_audit`, `return_audit`, `approve_audit`,
  `close_audit`, `cancel_audit` (load, check who acts, fire, trail, commit).
- `closing`: close as one step, the final report made before the audit is closed.
- `findings`: `confirm_finding`, `dismiss_finding`, `list_findings`.

- `audit_transition`: One audit transition.

- `audit_steps`: One way to take an audit step, for the CLI, the web and the API alike.
"""
