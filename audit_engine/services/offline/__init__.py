"""Fieldwork kept on a phone while it had no signal, sent when the network returns: every
item once (an Idempotency-Key per item), an answer never written over a change made on the
server since it was read, and photos sent in chunks that resume where they stopped.

- `once`: an item's first outcome kept under its key and given again for every retry.
- `answers`: an answer or note given offline: applied, or a conflict, or held (audit moved on).
- `photos`: a photo sent in chunks: start, add a chunk, where it stands, finish (SHA-256
  checked, then stored as evidence of its criterion).
"""
