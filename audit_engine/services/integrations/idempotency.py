"""Idempotent POSTs: the first response to a key is kept and replayed for every retry.

The key is claimed in its own short transaction before the request runs, so a retry that
arrives while the first is still running is told so (409) instead of writing twice. A first
request that fails with a server error forgets its key, so it can be retried; any other
response (success or refusal) is kept for KEEP_FOR.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import Conflict, InvalidInput
from audit_engine.services.ports import UnitOfWork
from audit_engine.storage import idempotency as store

KEEP_FOR = timedelta(hours=24)
MAX_KEY = 200


@dataclass(frozen=True)
class StoredResponse:
    status: int
    content_type: str | None
    headers: dict = field(default_factory=dict)
    body: bytes = b""


def fingerprint(canonical_request: bytes) -> str:
    """The SHA-256 of a request's canonical form (method, path, query, parsed fields, file
    hashes): a retry with a new multipart boundary or other JSON whitespace is the same."""
    return hashlib.sha256(canonical_request).hexdigest()


def check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise InvalidInput.said("Idempotency-Key: 1 to %(limit)s printable characters",
                                limit=MAX_KEY)
    return key


def begin(uow: UnitOfWork, clock: Clock, *, scope: str, key: str,
          fingerprint_: str) -> StoredResponse | None:
    """Claim `key`: None when this request is the first (go on and `finish` it), else the
    first response to replay. Conflict while the first is still running; InvalidInput when
    the key was used for a different request."""
    now = clock.now()
    with uow:
        store.forget_before(uow.session, now - KEEP_FOR)
        claimed = store.claim(uow.session, scope, key, fingerprint_, now)
        uow.commit()
    if claimed:
        return None
    with uow.reading():
        row = store.find(uow.session, scope, key)
    if row is None:  # expired between the two statements: treat as new next time
        raise Conflict("Idempotency-Key: the first request with this key is being forgotten")
    if row.fingerprint != fingerprint_:
        raise InvalidInput.said(
            "Idempotency-Key: this key was used for a different request (method, path or body)"
        )

    if row.status_code is None:
        raise Conflict("Idempotency-Key: the first request with this key is still running")
    return StoredResponse(row.status_code, row.content_type, dict(row.headers), row.body or b"")


def finish(uow: UnitOfWork, *, scope: str, key: str, response: StoredResponse) -> None:
    with uow:
        if response.status >= 500:
            store.forget(uow.session, scope, key)
        else:
            store.keep_response(
                uow.session, scope, key, response.status, response.content_type,
                response.headers, response.body,
            )
        uow.commit()
