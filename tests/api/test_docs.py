"""docs/api.md against the live OpenAPI document: every operation, error type and webhook
event is documented, and nothing documented is missing from the API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audit_engine.api.problems import HTTP_TITLES
from audit_engine.domain.errors import ERROR_MAP
from audit_engine.domain.integrity.webhooks import EVENTS

DOC = (Path(__file__).parents[2] / "docs" / "api.md").read_text(encoding="utf-8")


@pytest.fixture
def document(app, client_for):
    served = client_for(app).get("/openapi.json")
    assert served.status_code == 200
    return served.json()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_operation_is_documented_and_no_other(document):
    served = {f"{m.upper()} {p}" for p, ops in document["paths"].items() for m in ops}
    written = set(re.findall(r"^\| `((?:GET|POST|PUT|PATCH|DELETE) /[^`?]*)`", DOC, re.M))
    assert served == written


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_document_is_openapi_31_with_examples_and_problem_responses(document):
    assert document["openapi"].startswith("3.1")
    schemes = document["components"]["securitySchemes"]
    assert schemes["token"] == {**schemes["token"], "type": "http", "scheme": "bearer"}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description") or operation.get("summary"), (method, path)
            for status, response in operation["responses"].items():
                if status[0] in "45":
                    assert list(response["content"]) == ["application/problem+json"], path
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                name = body["schema"]["$ref"].rsplit("/", 1)[-1]
                assert document["components"]["schemas"][name].get("examples"), name


def test_every_problem_type_event_and_header_is_explained():
    slugs = {slug for slug, _ in HTTP_TITLES.values()} | {row.slug for row in ERROR_MAP}
    for slug in slugs - {"method-not-allowed", "unsupported-media-type"}:
        assert f"`{slug}`" in DOC, slug
    for event in EVENTS:
        assert f"`{event}`" in DOC, event
    for header in ("webhook-id", "webhook-timestamp", "webhook-signature", "If-Match",
                   "Idempotency-Key", "Retry-After", "ETag"):
        assert header in DOC, header


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_document_tells_the_whole_contract(document):
    """Headers sent and read, binary files, a documented 500, enums, one summary each."""
    summaries = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            summaries.append(operation["summary"])
            responses = operation["responses"]
            assert "500" in responses, (method, path)
            if method == "post":
                assert "Idempotency-Key" in {p["name"] for p in operation["parameters"]}, path
            for status, response in responses.items():
                for media_type, content in response.get("content", {}).items():
                    if status.startswith("2") and media_type != "application/json":
                        assert content["schema"] == {"type": "string", "format": "binary"}
                        assert "Content-Disposition" in response["headers"], path
                if status == "201":
                    assert "Location" in response["headers"], path
                if status == "429":
                    assert "Retry-After" in response["headers"], path
    assert len(summaries) == len(set(summaries)), sorted(summaries)
    upload = document["paths"]["/audits/{audit}/evidence"]["post"]["responses"]["201"]
    assert {"ETag", "Location", "Idempotent-Replayed"} <= set(upload["headers"])
    download = document["paths"]["/evidence/{evidence}"]["get"]["responses"]["200"]
    assert list(download["content"]) == ["*/*"]
    schemas = document["components"]["schemas"]
    facility = schemas["FacilityIn"]
    assert "foreign_manufacturer" in facility["properties"]["entity_type"]["enum"]
    assert facility["examples"][0]["entity_type"] in facility["properties"]["entity_type"]["enum"]
    assert "compliance_officer" in schemas["UserIn"]["properties"]["roles"]["items"]["enum"]
    assert set(schemas["WebhookIn"]["properties"]["events"]["items"]["enum"]) == set(EVENTS)
