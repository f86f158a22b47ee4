"""The trail and the cryptography: what makes records tamper-evident and secrets safe.

Modules: `trail` (canonical bodies, keyed hashes, chain links), `trail_replay` (replaying the
trail into state; its handlers in `trail_replay_work` and `trail_replay_people`, what it
knows in `trail_facts`), `trail_segment` (checking a piece of the trail alone), `trail_verify`
(verifying chain, keys, head and checkpoints), `checkpoints` (signed trail heads kept outside),
`tokens` (personal API tokens), `totp` (one-time passwords), `webhooks` (Standard Webhooks
signatures).
"""
