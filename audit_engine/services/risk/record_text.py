"""The completed assessment as a plain Markdown record (the evidence file kept for MSC 2.1)."""

from __future__ import annotations

from audit_engine.services.risk.views import RiskAssessmentView


def record_markdown(view: RiskAssessmentView) -> str:
    lines = [
        f"# Five Step Risk Assessment {view.id}: facility {view.facility}, {view.year}",
        "",
        f"Completed {view.assessed_on}; next review due {view.next_due}.",
        "",
        "## 1. Cargo flow and business partners",
        "",
        view.cargo_flow,
        "",
    ]
    for number, kind, title in ((2, "threat", "Threats"), (3, "vulnerability", "Vulnerabilities")):
        lines += [f"## {number}. {title}", ""]
        for item in (i for i in view.items if i.kind == kind):
            against = f" (MSC {item.criterion})" if item.criterion else ""
            lines.append(f"- {item.id} {item.name}{against}: {item.rating}. {item.note}".rstrip())
        lines.append("")
    lines += ["## 4. Action plan", ""]
    for action in view.actions:
        treats = f" for {action.item}" if action.item else ""
        lines.append(f"- {action.id}{treats}: {action.plan} "
                     f"(owner {action.owner}, due {action.due})")
    lines += ["", "## 5. How the assessment was conducted", "", view.process, ""]
    return "\n".join(lines)
