"""The one error map (audit_engine/domain/errors.py) is what the CLI, the web and the API say,
and docs/cli.md and docs/api.md show it: their tables between the `error-map` markers are
generated from it. To rewrite them after changing the map:
`AUDIT_ENGINE_WRITE_DOCS=1 .venv/bin/pytest tests/foundation/test_error_map.py`."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from audit_engine.api.problems import OWN_REFUSALS, domain_problem
from audit_engine.domain.errors import ERROR_MAP, AuditEngineError, ReadRefused, StaleRecord
from audit_engine.web.edge import status_of

DOCS = Path(__file__).parents[2] / "docs"
BEGIN, END = "<!-- error-map: begin (generated) -->", "<!-- error-map: end -->"
CLI_OWN = {0: "done", 1: "unexpected failure (a bug)", 2: "bad usage (an unknown option, a "
           "missing argument)"}


def cli_table() -> str:
    meanings: dict[int, list[str]] = {code: [text] for code, text in CLI_OWN.items()}
    for row in ERROR_MAP:
        meanings.setdefault(row.exit_code, []).append(row.meaning)
    lines = ["| code | meaning |", "|---|---|"]
    lines += [f"| {code} | {'; '.join(meanings[code])} |" for code in sorted(meanings)]
    return "\n".join(lines)


def api_table() -> str:
    rows = [(row.status, i, row.slug, _when(row), str(row.exit_code))
            for i, row in enumerate(ERROR_MAP)]
    rows += [(status, len(ERROR_MAP), _slug(status), when, code)
             for status, (when, code) in OWN_REFUSALS.items()]
    lines = ["| status | `type` (after `urn:audit-engine:problem:`) | when | CLI exit code |",
             "|---|---|---|---|"]
    lines += [f"| {status} | `{slug}` | {when} | {code} |"
              for status, _, slug, when, code in sorted(rows)]
    return "\n".join(lines)


def _when(row) -> str:
    if row.web_status is None:
        return row.meaning
    return f"{row.meaning} (the web answers {row.web_status}: {row.web_reason})"


def _slug(status: int) -> str:
    from audit_engine.api.problems import HTTP_TITLES

    return HTTP_TITLES[status][0]


@pytest.mark.parametrize("name, table", [("cli.md", cli_table), ("api.md", api_table)])
def test_the_docs_show_the_error_map(name, table):
    path = DOCS / name
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r"^( *)" + re.escape(BEGIN) + r"\n(.*?)\n *" + re.escape(END), re.S | re.M)
    found = pattern.search(text)
    assert found, f"{name} has no {BEGIN} ... {END} block"
    expected = "\n".join(found.group(1) + line for line in table().splitlines())
    if os.environ.get("AUDIT_ENGINE_WRITE_DOCS") == "1" and found.group(2) != expected:
        path.write_text(text[:found.start(2)] + expected + text[found.end(2):], encoding="utf-8")
        return
    assert found.group(2) == expected, f"regenerate {name}: see this test's docstring"


def _instance(kind: type[AuditEngineError]) -> AuditEngineError:
    if kind is ReadRefused:
        return ReadRefused("no role at F-1", hidden="audit A-1 not found")
    if kind is StaleRecord:
        return StaleRecord("audit A-1")
    return kind("refused")


@pytest.mark.parametrize("row", ERROR_MAP, ids=lambda row: row.error.__name__)
def test_every_channel_reads_its_row(row):
    error = _instance(row.error)
    assert error.exit_code == row.exit_code
    assert domain_problem(error) == (row.status, row.slug, row.title)
    assert status_of(error) == (row.web_status or row.status)


def test_each_error_has_one_row_and_every_row_is_reachable():
    kinds = [row.error for row in ERROR_MAP]
    assert len(kinds) == len(set(kinds))
    for i, row in enumerate(ERROR_MAP):  # no earlier row swallows a later one
        assert not any(issubclass(row.error, earlier) for earlier in kinds[:i]), row.error
