"""An item's first outcome kept under its Idempotency-Key (the store the API uses, scoped to
the person) and given again for every retry: a response lost on a weak link never records
the item twice."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import Conflict, InvalidInput
from audit_engine.languages.current import error_text
from audit_engine.services.integrations import idempotency as idem
from audit_engine.services.ports import UnitOfWork


@dataclass(frozen=True)
class Sent:
    """What a sent item came to: `outcome` is applied, conflict, held, refused or busy."""

    status: int
    body: dict = field(default_factory=dict)
    replayed: bool = False


def refused(reason: str, status: int = 422) -> Sent:
    return Sent(status, {"outcome": "refused", "reason": reason})


def once(uow: UnitOfWork, clock: Clock, *, actor: Actor, key: str, request: str, run: Callable[[],
         Sent]) -> Sent:
    """`run` the first time `key` is seen for this person and `request`; after that, its
    outcome again. A retry while the first still runs is told to come back (busy)."""
    scope = f"web:{actor.email}"
    try:
        key = idem.check_key(key)
        first = idem.begin(uow, clock, scope=scope, key=key,
                           fingerprint_=idem.fingerprint(request.encode()))
    except InvalidInput as wrong:
        return refused(error_text(wrong))
    except Conflict:
        return Sent(503, {"outcome": "busy"})
    if first is not None:
        return Sent(first.status, json.loads(first.body or b"{}"), replayed=True)
    sent = Sent(500, {"outcome": "busy"})
    try:
        sent = run()
    finally:  # an unexpected error, or an item to resume, forgets the key: the retry runs
        kept = 500 if sent.body.get("outcome") in ("busy", "resume") else sent.status
        idem.finish(uow, scope=scope, key=key, response=idem.StoredResponse(
            kept, "application/json", {}, json.dumps(sent.body).encode()))
    return sent


def request_text(path: str, fields: dict[str, str]) -> str:
    """What the key is compared on: the path and the fields, in a fixed order."""
    return path + "\n" + json.dumps(fields, sort_keys=True)
