"""Audits, from planning to close.

- `planning`: `plan_audit`, `plan_audits`, `audit_view`.
- `transitions`: `start_fieldwork`, `submit_audit`, `return_audit`, `approve_audit`,
  `close_audit`, `cancel_audit` (load, check who acts, fire, trail, commit).
- `answers`: `record_answer` (fieldwork only), `list_answers`, `audit_scorecard`.
- `evidence`: `add_evidence`, `list_evidence`.
- `findings`: `confirm_finding`, `dismiss_finding`, `list_findings`.
- `actions`: `add_action`, `act_on` (start, implement, verify, reopen), `list_actions`.
- `carry_forward`: `carry_evidence` from the facility's previous audit into a new one.
- `dossier`: `audit_dossier`, `show_audit` (everything about one audit in one read).
- `workbook_export`, `workbook_import` (+ `workbook_apply`): the audit workbook (XLSX) out to
  fill offline and back in, all or nothing.
- `answer_rest`: the unanswered rest of a category at once.
- `evidence_out`: `save_evidence` (a stored file under its original name, SHA-256 checked).
- `reads`: what the read commands print, for the acting user (the read table checked first):
  `audits_for`, `actions_for`, `audit_summary_for`, `findings_for`, `evidence_for`,
  `trail_for`.
- `edits_since`: `read_position`, `require_unchanged`, `changes_since` (a form read before
  someone else's change is refused and told who changed what, from the trail).

They return the frozen read models of `read_models` (or their own dataclasses), never ORM rows
or dicts, and build no SQL: their queries are functions in `storage/queries/`.
"""
