"""The body cap of every route, as plain ASGI middleware: no request body over its cap reaches a
parser, the temp folder or memory, whether it declares a Content-Length or streams chunks.

What a route may receive follows from the route itself:
- a route that takes files (`openapi_extra=takes_files(n)` on its decorator, or File parameters)
  gets at most that many file parts, each at most `evidence_max_bytes`, the whole multipart body
  at most `upload_max_bytes`;
- every other body is capped at the side's `body_bytes` (pages: `web_max_body_bytes`, the API:
  `api_max_body_bytes`), and a multipart body there may hold no file part at all.

A declared Content-Length over the cap is refused before anything is read. Otherwise the body is
counted as it streams, and a multipart body is read alongside (part headers and sizes only), so a
file part where none is taken, one file too many or a file over its cap is refused before its
bytes are passed on. The refusal (413) is sent at once with `Connection: close`; the route, which
then sees a disconnected client, answers nothing more.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.routing import Match, Mount

Answer = Callable[[dict, Callable, int, str], Awaitable[None]]
FIELDS_OVERHEAD = 1024 * 1024  # the form fields and part headers beside the files
# A file a little over evidence_max_bytes reaches the check that names it (400/422); one far
# over is cut off while it streams.
FILE_SLACK = 64 * 1024
MAX_FILES = "x-max-files"


class Refused(Exception):
    """The body broke its cap; the message says how, for the person who sent it."""


@dataclass(frozen=True)
class Cap:
    body_bytes: int  # the whole body
    files: int = 0  # file parts allowed
    file_bytes: int = 0  # each file part


@dataclass(frozen=True)
class Limits:
    body_bytes: int  # a route that takes no files
    upload_bytes: int  # the whole body of an upload
    file_bytes: int  # each file of an upload

    def cap_for(self, files: int, multipart: bool) -> Cap:
        if not files or not multipart:
            return Cap(self.body_bytes)
        each = self.file_bytes + FILE_SLACK
        return Cap(min(self.upload_bytes, files * each + FIELDS_OVERHEAD), files, each)


class BodyCap:
    """Caps every request body of `routes` (a FastAPI or Starlette app). A mounted app that
    carries its own cap (`state.body_capped`) is left to it."""

    def __init__(self, app, routes, limits: Callable[[], Limits], answer: Answer) -> None:
        self.app, self.routes, self.limits, self.answer = app, routes, limits, answer


    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not _has_body(scope):
            return await self.app(scope, receive, send)
        found, route = route_of(self.routes, scope)
        if not found:
            return await self.app(scope, receive, send)  # a mount with its own cap
        content_type = _header(scope, b"content-type") or ""
        multipart = content_type.lower().startswith("multipart/form-data")
        cap = self.limits().cap_for(files_taken(route), multipart)
        declared = _header(scope, b"content-length")
        if declared and declared.strip().isdigit() and int(declared) > cap.body_bytes:
            return await self.answer(scope, send, 413, _over(cap.body_bytes))
        watch = BodyWatch(cap, content_type if multipart else None)
        await _run_watched(self.app, scope, receive, send, watch, self.answer)


def install(http, limits: Callable[[], Limits], answer: Answer) -> None:
    """Cap every body `http` receives; an app that mounts `http` leaves its bodies to it."""
    http.add_middleware(BodyCap, routes=http, limits=limits, answer=answer)
    http.state.body_capped = True


async def _run_watched(app, scope, receive, send, watch: BodyWatch, answer: Answer) -> None:
    refused, started = False, False

    async def counted_receive():
        nonlocal refused
        if refused:
            return {"type": "http.disconnect"}
        message = await receive()
        try:
            watch.feed(message.get("body", b""))
        except Refused as why:
            refused = True
            if not started:
                await answer(scope, send, 413, str(why))
            return {"type": "http.disconnect"}
        return message

    async def guarded_send(message):
        nonlocal started
        if refused:
            return  # the refusal is the answer; the route's reaction to it is dropped
        started = started or message["type"] == "http.response.start"
        await send(message)

    try:
        await app(scope, counted_receive, guarded_send)
    except Exception:
        if not refused:
            raise


class BodyWatch:
    """Counts a body as it streams; for multipart, its file parts and each one's size."""

    def __init__(self, cap: Cap, multipart_type: str | None) -> None:
        self.cap, self.seen = cap, 0
        self.files, self.file_seen, self.in_file = 0, 0, False
        self.header_name, self.header_value, self.disposition = b"", b"", b""
        self.parser = self._multipart(multipart_type) if multipart_type else None

    def feed(self, chunk: bytes) -> None:
        self.seen += len(chunk)
        if self.seen > self.cap.body_bytes:
            raise Refused(_over(self.cap.body_bytes))
        if self.parser is not None and chunk:
            try:
                self.parser.write(chunk)
            except FormParserError:
                self.parser = None  # malformed: the route's own parser says so (400)

    def _multipart(self, content_type: str) -> MultipartParser | None:
        _, options = parse_options_header(content_type)
        boundary = options.get(b"boundary")
        if not boundary:
            return None  # the route's parser refuses it
        return MultipartParser(boundary, {
            "on_part_begin": self._part_begins,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
        })

    def _part_begins(self) -> None:
        self.in_file, self.file_seen, self.disposition = False, 0, b""

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def _header_end(self) -> None:
        if self.header_name.strip().lower() == b"content-disposition":
            self.disposition = self.header_value  # the last one counts, as for the parser
        self.header_name, self.header_value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self.disposition)
        if b"filename" not in options:
            return
        self.in_file, self.files = True, self.files + 1
        if not self.cap.files:
            raise Refused("this form takes no files")
        if self.files > self.cap.files:
            raise Refused(f"too many files: at most {self.cap.files} at once")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self.in_file:
            self.file_seen += end - start
            if self.file_seen > self.cap.file_bytes:
                raise Refused(f"a file is over {_size(self.cap.file_bytes)}")


def route_of(app, scope) -> tuple[bool, object | None]:
    """(True, the route `scope` goes to, None when none does), or (False, None) when it goes
    to a mounted app that caps its own bodies."""
    return _find(getattr(app, "routes", ()), scope)


def _find(routes, scope) -> tuple[bool, object | None]:
    for route in routes:
        included = getattr(route, "original_router", None)  # newer FastAPI keeps routers whole
        if included is not None:
            found = _find_included(route, included, scope)
            if found != (True, None):
                return found
            continue
        match, child = route.matches(scope)
        if match is not Match.FULL:
            continue
        if isinstance(route, Mount):
            inner = route.app
            if getattr(getattr(inner, "state", None), "body_capped", False):
                return False, None
            return _find(getattr(inner, "routes", ()), {**scope, **child})
        return True, route
    return True, None


def _find_included(route, included, scope) -> tuple[bool, object | None]:
    prefix = getattr(getattr(route, "include_context", None), "prefix", "") or ""
    if not prefix:
        return _find(included.routes, scope)
    if not scope["path"].startswith(prefix):
        return True, None
    return _find(included.routes, {**scope, "path": scope["path"][len(prefix):]})


def takes_files(count: int) -> dict[str, int]:
    """The route's `openapi_extra`: it takes up to `count` files (documented in the OpenAPI
    document as `x-max-files`)."""
    return {MAX_FILES: count}


def files_taken(route) -> int:
    """How many file parts `route` takes: `takes_files` says, or its File parameters."""
    extra = getattr(route, "openapi_extra", None) or {}
    if MAX_FILES in extra:
        return int(extra[MAX_FILES])
    dependant = getattr(route, "dependant", None)
    return _file_params(dependant) if dependant is not None else 0


def _file_params(dependant) -> int:
    from fastapi import params

    own = sum(1 for field in dependant.body_params if isinstance(field.field_info, params.File))
    return own + sum(_file_params(d) for d in dependant.dependencies)


def _has_body(scope) -> bool:
    declared = _header(scope, b"content-length")
    if declared is not None:
        return declared.strip() not in ("", "0")
    return _header(scope, b"transfer-encoding") is not None


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _over(limit: int) -> str:
    return f"the request is over {_size(limit)}"


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count} bytes ({count / (1024 * 1024):.4g} MiB)"
    return f"{count} bytes"
