"""docs/workflow.md shows exactly what the code runs: diagrams, permissions, commands."""

from __future__ import annotations

import re
from pathlib import Path

from audit_engine.services.administration.workflow_docs import generated_sections

DOC = Path(__file__).resolve().parents[2] / "docs" / "workflow.md"


def test_generated_sections_match_the_code():
    text = DOC.read_text(encoding="utf-8")
    for name, expected in generated_sections().items():
        match = re.search(f"<!-- BEGIN {name} -->\n(.*?)<!-- END {name} -->", text, re.S)
        assert match, f"docs/workflow.md lacks the {name} section"
        assert match.group(1) == expected, (
            f"docs/workflow.md section {name} differs from the code; regenerate with "
            "`python -m tests.lifecycle.test_docs`"
        )


def test_every_trigger_is_documented():
    from audit_engine.workflow.tables import WORKFLOWS

    text = DOC.read_text(encoding="utf-8")
    for workflow in WORKFLOWS.values():
        for event in workflow.events:
            assert f": {event}" in text, f"{workflow.name} event {event} missing from the docs"


def regenerate() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name, body in generated_sections().items():
        text = re.sub(
            f"(<!-- BEGIN {name} -->\n).*?(<!-- END {name} -->)",
            lambda m, body=body: m.group(1) + body + m.group(2),
            text,
            flags=re.S,
        )
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    regenerate()
