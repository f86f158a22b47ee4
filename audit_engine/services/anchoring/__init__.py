"""Anchoring the trail outside the database and checking it: signed checkpoints of the head,
key rotation, the head at an audit's close (`anchor.py`), the deep check that replays the
trail against the records and re-hashes the stored files (`deep_check.py`), and backups that
verify (`backup.py`, `restore.py`: a restore is a signed checkpoint).

Modules:
- `anchor`: Anchoring the trail outside the database.
- `backup`: `audit-engine backup -o DIR`: a consistent copy of an installation, keys never
  inside.
- `bucket_backup`: Backups with object storage: the bucket's files listed (and copied with
  `--with-files`), put back on restore.
- `deep_check`: `log verify --deep`: replay the trail, compare it with the rows, re-hash every
  stored file.
- `deep_rows`: the rows `log verify --deep` holds against the trail, and the pinned checklists
  re-hashed.
- `restore`: `audit-engine restore DIR`: a backup back into an empty database and home, then
  verified.
"""
