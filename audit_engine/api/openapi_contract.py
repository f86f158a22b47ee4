"""What the OpenAPI document must say besides the routes' own models: the headers a client
sends and reads (Idempotency-Key; ETag, Location, Idempotent-Replayed, Retry-After,
Content-Disposition), binary schemas for every file, a documented 500, one summary each."""

from __future__ import annotations

FILE_RESPONSE = {"type": "string", "format": "binary"}
VERSIONED = ("/audits", "/findings", "/actions")  # writes under an audit answer with its ETag
DOWNLOAD = "/evidence/{evidence}"  # stored files keep their own media type

IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": "A retry with the same key and the same request gets the first response "
                   "again and writes nothing (docs/api.md).",
    "schema": {"type": "string", "minLength": 1, "maxLength": 200},
}
HEADERS = {
    "ETag": {"description": "The audit's version after this request: send it as If-Match.",
             "schema": {"type": "string"}},
    "Location": {"description": "Where the new object is read.", "schema": {"type": "string"}},
    "Idempotent-Replayed": {"description": "`true` when this is the kept first response.",
                            "schema": {"type": "string", "enum": ["true"]}},
    "Retry-After": {"description": "Seconds to wait before the next request.",
                    "schema": {"type": "string", "pattern": "^[0-9]+$"}},
    "Content-Disposition": {"description": "attachment; the file's name.",
                            "schema": {"type": "string"}},
}
SERVER_ERROR = {
    "description": "Unexpected failure (a bug): logged with its traceback, named by class only.",
    "content": {"application/problem+json": {
        "schema": {"$ref": "#/components/schemas/ProblemDetails"}}},
}


def document_contract(schema: dict) -> dict:
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            _summary(operation, method, path)
            if method == "post":
                _parameter(operation, IDEMPOTENCY_KEY)
            responses = operation.setdefault("responses", {})
            responses.setdefault("500", SERVER_ERROR)
            for status, response in responses.items():
                _response(response, status, method, path)
    return schema


def _summary(operation: dict, method: str, path: str) -> None:
    """The docstring's first sentence (FastAPI's default, from the function name, repeats
    'List' and 'Show')."""
    first = (operation.get("description") or "").strip().split("\n\n")[0]
    first = " ".join(first.split()).split(". ")[0].rstrip(".")
    operation["summary"] = first[:100] if first else f"{method.upper()} {path}"


def _parameter(operation: dict, parameter: dict) -> None:
    named = {(p.get("name", "").lower(), p.get("in")) for p in operation.get("parameters", [])}
    if (parameter["name"].lower(), parameter["in"]) not in named:
        operation.setdefault("parameters", []).append(parameter)


def _response(response: dict, status: str, method: str, path: str) -> None:
    headers = response.setdefault("headers", {})
    content = response.get("content", {})
    if status.startswith("2"):
        if path.startswith(VERSIONED) and method in ("get", "post", "put"):
            headers.setdefault("ETag", HEADERS["ETag"])
        if status == "201":
            headers.setdefault("Location", HEADERS["Location"])
        if method == "post":
            headers.setdefault("Idempotent-Replayed", HEADERS["Idempotent-Replayed"])
        files = [t for t in content if t != "application/json"]
        if path == DOWNLOAD:
            response["content"] = content = {"*/*": {"schema": FILE_RESPONSE}}
            files = ["*/*"]
        for media_type in files:
            content[media_type]["schema"] = FILE_RESPONSE
        if files:
            headers.setdefault("Content-Disposition", HEADERS["Content-Disposition"])
    if status == "429":
        headers.setdefault("Retry-After", HEADERS["Retry-After"])
    if not headers:
        response.pop("headers")
