"""ETags and If-Match: the version of an audit (findings and actions share their audit's).

An ETag is the quoted version, `"7"`. Writes to an audit, finding or action need
`If-Match: "7"`: without it 428, with an older version 412 (the service compares)."""

from __future__ import annotations

from fastapi import Header, Response

from audit_engine.api.problems import Problem


def etag(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


def expected_version(
    if_match: str | None = Header(
        None,
        alias="If-Match",
        description='The ETag read before, e.g. `"7"`; a write without it is refused (428).',
        examples=['"7"'],
    ),
) -> int:
    if if_match is None or not if_match.strip():
        raise Problem(428, "this write needs an If-Match header with the ETag you read")
    text = if_match.strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip('"')
    if not text.isdigit() or len(text) > 9:
        raise Problem(
            412, f"If-Match {if_match!r} is not an ETag of this resource (they look like \"7\")"
        )
    return int(text)
