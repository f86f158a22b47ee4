"""Integrations: personal API tokens, idempotent requests, webhooks.

Modules:
- `idempotency`: Idempotent POSTs: the first response to a key is kept and replayed for every retry.
- `rate_limit`: One API rate limit per token, counted in the database whatever the number of
  workers or nodes.
- `tokens`: Personal API tokens: create (the secret is returned once), list, revoke, authenticate.
- `webhook_delivery`: Sending one queued webhook: sign it with the endpoint's secrets of this
  moment, POST it.
- `webhooks`: Webhook endpoints, registered by admins: add, list, remove, rotate the secret.

- `rate_limit`: One API rate limit per token, whatever the number of workers or nodes.
"""
