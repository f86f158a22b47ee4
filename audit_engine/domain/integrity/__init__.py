"""The trail and the cryptography: what makes records tamper-evident and secrets safe.

Modules: `trail` (canonical bodies, keyed hashes, chain links), `trail_replay` (replaying the
trail into state), `trail_segment` (checking a piece of the trail alone), `trail_verify`
(verifying chain, keys, head and checkpoints), `checkpoints` (signed trail heads kept outside),
`tokens` (personal API tokens), `totp` (one-time passwords), `webhooks` (Standard Webhooks
signatures).
"""
