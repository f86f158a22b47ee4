"""Integrations: personal API tokens, idempotent requests, webhooks."""
