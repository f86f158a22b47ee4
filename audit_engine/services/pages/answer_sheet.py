"""`audit answers`: the audit's criteria with their current answers, so that an auditor sees
what is left (and a refused submit can point here instead of listing 60 ids)."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.services.access import require_audit_number
from audit_engine.services.pages.dossier import audit_dossier
from audit_engine.services.ports import UnitOfWork


@dataclass(frozen=True)
class AnswerLine:
    criterion: str
    category: str
    level: str
    title: str
    result: str | None
    note: str
    evidence: int  # evidence files linked to the criterion


def answer_sheet(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId,
                 unanswered: bool = False) -> tuple[AnswerLine, ...]:
    number = require_audit_number(uow, actor=actor, ref=audit)
    dossier = audit_dossier(uow, clock, number)
    linked: dict[str, int] = {}
    for item in dossier.evidence:
        for criterion in item.criteria:
            linked[criterion] = linked.get(criterion, 0) + 1
    lines = []
    for answer in dossier.answers:
        if unanswered and answer.result is not None:
            continue
        found = dossier.catalog.criterion(answer.criterion)
        lines.append(AnswerLine(answer.criterion, answer.category, answer.level,
                                found.title if found else "", answer.result,
                                answer.note or "", linked.get(answer.criterion, 0)))
    return tuple(lines)
