"""The OpenAPI 3.1 document's shared parts: tags, the problem schema, error responses."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

DESCRIPTION = """\
The audit-engine HTTP API for integrations: the same services and permissions as the CLI and
the web pages. Authenticate with a personal API token (`Authorization: Bearer aet_...`,
created with `audit-engine token create`). Errors are RFC 9457 problem details
(`application/problem+json`). Writes to audits, findings and actions need `If-Match` with the
ETag read before; a POST may carry an `Idempotency-Key`. See docs/api.md.
"""

TAGS = [
    {"name": "facilities", "description": "Sites that are audited."},
    {"name": "users", "description": "People and their roles (admins)."},
    {"name": "checklists", "description": "Checklist catalogs (read only)."},
    {"name": "audits", "description": "Plan audits, list, show, move them through the workflow."},
    {"name": "answers", "description": "One result per criterion; many in one request."},
    {"name": "evidence", "description": "Files backing answers: upload, list, download."},
    {"name": "findings", "description": "Non-conformities drafted on submit; confirm, dismiss."},
    {"name": "actions", "description": "Corrective actions: add, start, implement, verify."},
    {"name": "reports", "description": "PDF reports: render one; final reports from the store."},
    {"name": "risk", "description": "Five Step Risk Assessments per facility and year (read)."},
    {"name": "trail", "description": "The tamper-evident audit trail: read, verify."},
    {"name": "programs", "description": "Recurring audits per period."},
    {"name": "subscriptions", "description": "Reports mailed on a schedule."},
    {"name": "outbox", "description": "Messages waiting, sent and failed (read)."},
    {"name": "webhooks", "description": "HTTPS endpoints told about events (admins)."},
    {"name": "tokens", "description": "Your personal API tokens."},
]


class FieldProblem(BaseModel):
    field: str = Field(description="The field, dotted: `answers.3.result`.")
    in_: str = Field(alias="in", description="body, query, path or header.")
    message: str


class ProblemDetails(BaseModel):
    """RFC 9457 problem details."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "urn:audit-engine:problem:transition-refused",
                    "title": "Transition refused",
                    "status": 409,
                    "detail": "cannot submit A-12 from fieldwork: criterion 1.1 has no answer",
                }
            ]
        }
    )
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] | None = None


def _problem(description: str) -> dict:
    return {"model": ProblemDetails, "description": description}


COMMON = {
    401: _problem("No token, or an unknown, revoked or expired one."),
    403: _problem("Not permitted: the missing role is named; or a read-only token wrote."),
    413: _problem("The body is too large."),
    422: _problem("Bad input: each bad field is named."),
    429: _problem("Too many requests with this token; see Retry-After."),
    400: _problem("The body is not valid JSON."),
}
NOT_FOUND = {404: _problem("No such object, or not at a facility you may see.")}
REFUSED = {409: _problem("Refused now: the workflow's reason, or it exists already.")}
PRECONDITION = {
    412: _problem("If-Match names an older version: read it again."),
    428: _problem("If-Match is missing."),
}


def common_responses() -> dict:
    return dict(COMMON)


def problem_content(schema: dict) -> dict:
    """Move error responses from application/json to application/problem+json."""
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[0] in "45" and "application/json" in content:
                    content["application/problem+json"] = content.pop("application/json")
    return schema


def with_schemas(schema: dict, models) -> dict:
    """Add the JSON schemas of `models` (bodies a route reads itself) to the components."""
    listed = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in models:
        listed[model.__name__] = model.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
    return schema
