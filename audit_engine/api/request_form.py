"""The canonical form of a request, for Idempotency-Key: what the request asks, not its bytes.

A retry is the same request when its method, path, query and parsed fields are the same, with
each uploaded file as its name and SHA-256: clients choose a new multipart boundary on every
call, and a JSON body may come with other whitespace or key order.
"""

from __future__ import annotations

import hashlib
import json
from urllib.parse import parse_qsl


def canonical_request(method: str, path: str, query: bytes, content_type: str,
                      body: bytes) -> bytes:
    form = {"method": method, "path": path,
            "query": sorted(parse_qsl(query.decode("latin-1"), keep_blank_values=True)),
            "body": _body(content_type, body)}
    return json.dumps(form, sort_keys=True, separators=(",", ":")).encode()


def _body(content_type: str, body: bytes):
    kind, _, params = content_type.partition(";")
    kind = kind.strip().lower()
    try:
        if kind == "application/json" or kind.endswith("+json"):
            return {"json": json.loads(body)}
        if kind == "application/x-www-form-urlencoded":
            return {"form": sorted(parse_qsl(body.decode("utf-8"), keep_blank_values=True))}
        if kind == "multipart/form-data":
            return {"multipart": _multipart(body, _boundary(params))}
    except (ValueError, UnicodeDecodeError):
        pass  # not what it says it is: the route refuses it; compare the bytes
    return {"sha256": hashlib.sha256(body).hexdigest()}


def _boundary(params: str) -> bytes:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "boundary" and value.strip('"'):
            return value.strip('"').encode("latin-1")
    raise ValueError("multipart without a boundary")


def _multipart(body: bytes, boundary: bytes) -> list:
    """Each part as [field name, file name or None, text value or the file's SHA-256]."""
    from python_multipart.multipart import MultipartParser

    parts = _Parts()
    parser = MultipartParser(boundary, callbacks=parts.callbacks())
    parser.write(body)
    parser.finalize()
    return sorted(parts.found, key=lambda p: (p[0], p[1] or "", p[2]))


class _Parts:
    """python-multipart's callbacks: each part's headers, then its text or its file's hash."""

    TEXT_KEPT = 65536  # a text field longer than this is compared by its first 64 KiB

    def __init__(self) -> None:
        self.found: list[list] = []
        self.on_part_begin()

    def callbacks(self) -> dict:
        return {name: getattr(self, name) for name in (
            "on_part_begin", "on_header_field", "on_header_value", "on_header_end",
            "on_part_data", "on_part_end")}

    def on_part_begin(self) -> None:
        self.headers: dict[bytes, bytes] = {}
        self.field, self.value, self.digest = b"", b"", hashlib.sha256()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        name = self.field.lower()
        self.headers[name] = self.headers.get(name, b"") + data[start:end]

    def on_header_end(self) -> None:
        self.field = b""

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        self.digest.update(data[start:end])
        if len(self.value) < self.TEXT_KEPT:
            self.value += data[start:end]

    def on_part_end(self) -> None:
        from python_multipart.multipart import parse_options_header

        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if filename is None:
            self.found.append([name, None, self.value.decode("utf-8", "replace")])
        else:
            self.found.append([name, filename.decode("utf-8", "replace"),
                               "sha256:" + self.digest.hexdigest()])
