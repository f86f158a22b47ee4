"""The three workflows as data: states (from domain enums) and transition tables.

Each row: trigger, source(s), dest, and the names of the guards (domain.guards.GUARDS) that
must pass. The same tables build the machines and the Mermaid diagrams.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from audit_engine.domain.rules.lifecycle import ActionStatus, AuditStatus, FindingStatus

S = AuditStatus
F = FindingStatus
C = ActionStatus


@dataclass(frozen=True)
class Workflow:
    name: str  # "audit", "finding", "action": also the permission prefix
    states: type[StrEnum]
    initial: StrEnum
    transitions: tuple[dict, ...]

    @property
    def events(self) -> list[str]:
        return list(dict.fromkeys(t["trigger"] for t in self.transitions))


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
