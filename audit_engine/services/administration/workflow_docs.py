"""The generated parts of docs/workflow.md: Mermaid diagrams and the permission table.

Generated from the same data the code runs (transition tables, PERMISSIONS), so a test can
compare them with the docs and fail when either drifts.
"""

from __future__ import annotations

from audit_engine.domain.lifecycle import Role
from audit_engine.domain.permissions import PERMISSIONS
from audit_engine.workflow.diagram import all_diagrams


def diagrams() -> dict[str, str]:
    return all_diagrams()


def permission_table() -> str:
    roles = [r.value for r in Role]
    lines = ["| action | " + " | ".join(roles) + " |", "|---|" + "---|" * len(roles)]
    for action, allowed in PERMISSIONS.items():
        marks = ["yes" if role in allowed else "" for role in roles]
        lines.append(f"| `{action}` | " + " | ".join(marks) + " |")
    return "\n".join(lines) + "\n"


def generated_sections() -> dict[str, str]:
    """Marker name -> text between `<!-- BEGIN name -->` and `<!-- END name -->` in the doc."""
    sections = {f"diagram-{name}": f"```mermaid\n{text}```\n" for name, text in diagrams().items()}
    sections["permissions"] = permission_table()
    return sections
