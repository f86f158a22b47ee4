"""Anchoring the trail outside the database and checking it: signed checkpoints of the head,
key rotation, the head at an audit's close (`anchor.py`), and the deep check that replays the
trail against the records and re-hashes the stored files (`deep_check.py`).

Modules:
- `anchor`: Anchoring the trail outside the database.
- `deep_check`: `log verify --deep`: replay the trail, compare it with the rows, re-hash every
  stored file.
"""
