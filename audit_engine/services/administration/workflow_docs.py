"""The generated parts of docs/workflow.md: Mermaid diagrams and the permission tables.

Generated from the same data the code runs (transition tables, PERMISSIONS, READS), so a test
can compare them with the docs and fail when either drifts.
"""

from __future__ import annotations

from audit_engine.domain.rules.lifecycle import Role
from audit_engine.domain.rules.permissions import PERMISSIONS, READS
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


# What each read covers, by command (the web pages and API endpoints of the same objects use
# the same rows).
READ_COMMANDS = {
    "audit.read": "`audit show`, `audit list`, `audit answers`, `finding list`, `action list`, "
                  "`evidence list`, `evidence get`, `log show`, `report audit`, "
                  "`report actions`",
    "portfolio.read": "`report portfolio`",
    "outbox.read": "`outbox list`",
}


def read_table() -> str:
    roles = [r.value for r in Role]
    lines = ["| read | commands | " + " | ".join(roles) + " |",
             "|---|---|" + "---|" * len(roles)]
    for read, rule in READS.items():
        mark = "every facility" if rule.everywhere else "yes"
        marks = [mark if role in rule.roles else "" for role in roles]
        lines.append(f"| `{read}` | {READ_COMMANDS[read]} | " + " | ".join(marks) + " |")
    return "\n".join(lines) + "\n"


def generated_sections() -> dict[str, str]:
    """Marker name -> text between `<!-- BEGIN name -->` and `<!-- END name -->` in the doc."""
    sections = {f"diagram-{name}": f"```mermaid\n{text}```\n" for name, text in diagrams().items()}
    sections["permissions"] = permission_table()
    sections["read-permissions"] = read_table()
    return sections
