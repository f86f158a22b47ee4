"""Mermaid state diagrams generated from the same transition tables the machines run.

A documentation-only GraphMachine with a dummy model (graphs are per model; model=None has no
graph). Never used to run events.
"""

from __future__ import annotations

from audit_engine.workflow.machines import _plain
from audit_engine.workflow.tables import WORKFLOWS, Workflow


class _Sketch:
    """Dummy model the documentation machine draws."""


def mermaid(workflow: Workflow) -> str:
    from transitions.extensions import GraphMachine

    model = _Sketch()
    GraphMachine(
        model=model,
        states=[str(s) for s in workflow.states],
        transitions=_plain(workflow.transitions),
        initial=str(workflow.initial),
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
        title=f"{workflow.name} workflow",
    )
    text = model.get_graph().draw(None)  # type: ignore[attr-defined]  # GraphMachine adds it
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"


def all_diagrams() -> dict[str, str]:
    return {name: mermaid(workflow) for name, workflow in WORKFLOWS.items()}
