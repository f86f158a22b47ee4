"""The end-to-end demo (`audit-engine demo`): one quarter of a sample importer's audits, told
through the same services the commands call. Sits above services/, below the CLI.

Modules:
- `run`: The end-to-end demo: every capability in order, on a fresh embedded database.
- `story`: The demo's story: one quarter of a sample importer's CTPAT audit, on a calendar we
  control.
"""
