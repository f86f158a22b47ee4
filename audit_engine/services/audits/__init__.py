"""What every kind of audit work shares: read models, the one workflow step, edit conflicts.

- `read_models`: the frozen read models the audit services return (plain values, safe after
  the session closed).
- `workflow_step`: one step of a workflow, the one way a status changes (load, check who acts,
  fire, trail, commit) for audits, findings and corrective actions.
- `edits_since`: `read_position`, `require_unchanged`, `changes_since` (a form read before
  someone else's change is refused and told who changed what, from the trail).
- `listing`: audits a page at a time, only at facilities the actor may see.

The work itself lives in the folders named after what people do: `services/planning`,
`services/fieldwork`, `services/review`, `services/actions`; what people see in
`services/pages`. They return read models, never ORM rows or dicts, and build no SQL: their
queries are functions in `storage/queries/`.
"""
