"""The three workflows as data: states (from domain enums) and transition tables.

Each row: trigger, source(s), dest, and the names of the guards (domain.guards.GUARDS) that
must pass. The same tables build the machines and the Mermaid diagrams.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from audit_engine.domain.rules.lifecycle import ActionStatus, AuditStatus, FindingStatus
from audit_engine.domain.words import N_

S = AuditStatus
F = FindingStatus
C = ActionStatus


@dataclass(frozen=True)
class StepWords:
    """How an event is offered to people: the button's words, the command's one-line help, and
    whether taking it stores the final report (closing)."""

    label: str
    help: str
    final_report: bool = False


@dataclass(frozen=True)
class Workflow:
    name: str  # "audit", "finding", "action": also the permission prefix
    states: type[StrEnum]
    initial: StrEnum
    transitions: tuple[dict[str, Any], ...]
    steps: Mapping[str, StepWords] = field(default_factory=dict)

    @property
    def events(self) -> list[str]:
        return list(dict.fromkeys(t["trigger"] for t in self.transitions))

    def needs_reason(self, event: str) -> bool:
        """Whether the event is refused without a reason (its guard `reason_given`)."""
        return any(t["trigger"] == event and "reason_given" in t["conditions"]
                   for t in self.transitions)

    def allowed_from(self, event: str, status: str) -> bool:
        """Whether the table has the event from `status` (guards aside)."""
        for t in self.transitions:
            sources = t["source"] if isinstance(t["source"], list) else [t["source"]]
            if t["trigger"] == event and status in [str(s) for s in sources]:
                return True
        return False


AUDIT = Workflow(
    name="audit",
    states=AuditStatus,
    initial=S.PLANNED,
    transitions=(
        {"trigger": "start", "source": S.PLANNED, "dest": S.FIELDWORK,
         "conditions": ["has_lead_and_checklist"]},
        {"trigger": "submit", "source": S.FIELDWORK, "dest": S.REVIEW,
         "conditions": ["answers_complete"]},
        {"trigger": "return", "source": S.REVIEW, "dest": S.FIELDWORK,
         "conditions": ["reason_given"]},
        {"trigger": "approve", "source": S.REVIEW, "dest": S.REMEDIATION,
         "conditions": ["findings_resolved"]},
        {"trigger": "close", "source": S.REMEDIATION, "dest": S.CLOSED,
         "conditions": ["actions_verified"]},
        {"trigger": "cancel", "source": [S.PLANNED, S.FIELDWORK, S.REVIEW], "dest": S.CANCELLED,
         "conditions": ["reason_given"]},
    ),
    steps={  # labels shown on pages (marked, translated there); help: the CLI's, English
        "start": StepWords(N_("Start fieldwork"),
                           "Start fieldwork (needs a lead and a checklist)."),
        "submit": StepWords(N_("Submit for review"), "Submit for review; drafts findings."),
        "return": StepWords(N_("Return to fieldwork"), "Return to fieldwork with a reason."),
        "approve": StepWords(N_("Approve findings"), "Approve the findings; remediation begins."),
        "close": StepWords(N_("Close the audit"),
                           "Close once every action is verified; store the final report.",
                           final_report=True),
        "cancel": StepWords(N_("Cancel the audit"), "Cancel with a reason."),
    },
)  # fmt: skip

FINDING = Workflow(
    name="finding",
    states=FindingStatus,
    initial=F.DRAFT,
    transitions=(
        {"trigger": "confirm", "source": F.DRAFT, "dest": F.CONFIRMED, "conditions": []},
        {"trigger": "dismiss", "source": F.DRAFT, "dest": F.DISMISSED,
         "conditions": ["reason_given"]},
    ),
)  # fmt: skip

ACTION = Workflow(
    name="action",
    states=ActionStatus,
    initial=C.OPEN,
    transitions=(
        {"trigger": "start", "source": C.OPEN, "dest": C.IN_PROGRESS, "conditions": []},
        {"trigger": "implement", "source": C.IN_PROGRESS, "dest": C.IMPLEMENTED, "conditions": []},
        {"trigger": "verify", "source": C.IMPLEMENTED, "dest": C.VERIFIED,
         "conditions": ["implementation_shown"]},
        {"trigger": "reject", "source": C.IMPLEMENTED, "dest": C.IN_PROGRESS,
         "conditions": ["reason_given"]},
    ),
)  # fmt: skip

WORKFLOWS = {w.name: w for w in (AUDIT, FINDING, ACTION)}

# The audit states in which the audit's own records are open to each write (the services
# refuse it in any other state; the web offers it only then).
OPEN_WHILE: dict[str, tuple[AuditStatus, ...]] = {
    "answer.record": (S.FIELDWORK,),
    "finding.confirm": (S.REVIEW,),
    "finding.dismiss": (S.REVIEW,),
    "action.add": (S.REVIEW, S.REMEDIATION),
}
