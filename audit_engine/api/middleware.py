"""ASGI layers around the API's routes: Idempotency-Key replay (the body cap, 413, is
audit_engine.body_cap's).

Plain ASGI, so it sees the raw body and the raw response, before FastAPI parses one and after
it has written the other.
"""

from __future__ import annotations

import json

import anyio

from audit_engine.api.problems import MEDIA_TYPE, problem_body
from audit_engine.domain.errors import AuditEngineError

REPLAYED = b"idempotent-replayed"
KEPT_HEADERS = (b"etag", b"location", b"content-disposition")


async def send_problem(send, status: int, detail: str, headers=()) -> None:
    body = json.dumps(problem_body(status, detail)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", MEDIA_TYPE.encode()),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class Idempotency:
    """A POST with `Idempotency-Key` runs once per token and key; retries get the first
    response again (with `Idempotent-Replayed: true`) and write nothing."""

    def __init__(self, app, services) -> None:
        self.app, self.services = app, services

    async def __call__(self, scope, receive, send):
        key = header(scope, b"idempotency-key") if scope["type"] == "http" else None
        if key is None or scope["method"] != "POST":
            return await self.app(scope, receive, send)
        body = await _read_body(receive)
        if body is None:  # the client left, or the body cap refused the body: claim nothing
            return
        replay = _replaying(body, receive)
        try:
            first = await anyio.to_thread.run_sync(self._begin, scope, key, body)
        except _Anonymous:
            return await self.app(scope, replay, send)  # the route answers 401
        except AuditEngineError as exc:
            from audit_engine.api.problems import domain_problem

            return await send_problem(send, domain_problem(exc)[0], str(exc))
        scope_name, key, first = first
        if first is not None:
            return await _send_stored(send, first)
        captured = _Captured(send)
        try:
            await self.app(scope, replay, captured.send)
        finally:
            await anyio.to_thread.run_sync(self._finish, scope_name, key, captured.stored())

    # -- what runs in a worker thread (database) --

    def _begin(self, scope, key: str, body: bytes):
        from audit_engine.api.request_form import canonical_request
        from audit_engine.services.integrations import idempotency as idem

        token = _bearer(scope)
        if token is None:
            raise _Anonymous()
        try:
            identity = self.services.authenticate(token)
        except AuditEngineError:
            raise _Anonymous() from None
        key = idem.check_key(key)
        scope_name = f"token:{identity.token_id}"
        fingerprint = idem.fingerprint(canonical_request(
            scope["method"], scope["path"], scope.get("query_string", b""),
            header(scope, b"content-type") or "", body))
        first = idem.begin(
            self.services.uow(), self.services.clock, scope=scope_name, key=key,
            fingerprint_=fingerprint,
        )
        return scope_name, key, first

    def _finish(self, scope_name: str, key: str, stored) -> None:
        from audit_engine.services.integrations import idempotency as idem

        idem.finish(self.services.uow(), scope=scope_name, key=key, response=stored)


class _Anonymous(Exception):
    pass


def _bearer(scope) -> str | None:
    value = header(scope, b"authorization") or ""
    kind, _, token = value.partition(" ")
    return token.strip() if kind.lower() == "bearer" and token.strip() else None


async def _read_body(receive) -> bytes | None:
    """The whole body, or None when the client disconnected before sending all of it."""
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replaying(body: bytes, original):
    """The body already read, once; then whatever the client does next (disconnect)."""
    sent = False

    async def receive():
        nonlocal sent
        if sent:
            return await original()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


class _Captured:
    """Passes the response through and keeps a copy to store."""

    def __init__(self, send) -> None:
        self._send = send
        self.status, self.headers, self.chunks = 500, [], []

    async def send(self, message) -> None:
        if message["type"] == "http.response.start":
            self.status, self.headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))
        await self._send(message)

    def stored(self):
        from audit_engine.services.integrations.idempotency import StoredResponse

        kept = {k.decode(): v.decode("latin-1") for k, v in self.headers if k in KEPT_HEADERS}
        content_type = next(
            (v.decode("latin-1") for k, v in self.headers if k == b"content-type"), None
        )
        return StoredResponse(self.status, content_type, kept, b"".join(self.chunks))


async def _send_stored(send, stored) -> None:
    headers = [(k.encode(), v.encode("latin-1")) for k, v in stored.headers.items()]
    if stored.content_type:
        headers.append((b"content-type", stored.content_type.encode("latin-1")))
    headers += [(b"content-length", str(len(stored.body)).encode()), (REPLAYED, b"true")]
    await send({"type": "http.response.start", "status": stored.status, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body})
