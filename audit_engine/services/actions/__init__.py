"""Corrective actions: added to confirmed findings, worked by their owner, verified by another.

- `actions`: `add_action`, `act_on` (start, implement, verify, reopen).
- `action_listing`: the actions (and risk action-plan items) at facilities the actor may see,
  and `list_actions` (every action, for no reader in particular: the tests' view).
- `reassign`: giving an unverified action to another owner.
- `evidence_uploads`: evidence uploaded through the web or the API, checked before it is
  stored (for an audit's criterion or an action).

- `action_views`: A corrective action as people read it: its fields, its finding's label, and its
  notes.
"""
