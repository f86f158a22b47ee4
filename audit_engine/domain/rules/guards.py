"""Workflow guards: each returns None when satisfied, or the unmet condition as one line.

The workflow machines name these in their transition tables; services gather the facts
(plain values below) and pass them as the event context. A refusal quotes the returned text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.rules.lifecycle import ActionStatus, FindingStatus, Result, Severity
from audit_engine.domain.words import N_, joined, said


@dataclass(frozen=True)
class AnswerFacts:
    result: str | None
    note: str = ""


@dataclass(frozen=True)
class FindingFacts:
    ref: str  # display id, e.g. F-3
    status: str
    severity: str
    action_refs: tuple[str, ...] = ()  # actions with an owner and a due date


@dataclass(frozen=True)
class ActionFacts:
    ref: str
    status: str
    owner: str | None = None
    due: date | None = None


def _listed(refs: Sequence[str], limit: int = 5) -> str:
    shown = ", ".join(refs[:limit])
    if len(refs) <= limit:
        return shown
    return said("%(shown)s and %(count)s more", shown=shown, count=len(refs) - limit)


def _criteria_listed(ids: Sequence[str], limit: int = 20) -> str:
    """Every criterion id, or past `limit` the first ones and how many more (no command: the
    message is shown on the web too, where the page lists each with a link)."""
    if len(ids) <= limit:
        return ", ".join(ids)
    return said("%(count)s criteria: %(shown)s and %(more)s more", count=len(ids),
                shown=", ".join(ids[:limit]), more=len(ids) - limit)


def has_lead_and_checklist(
    *, lead: str | None = None, checklist: str | None = None, **_: object
) -> str | None:
    if not lead:
        return said("no lead auditor assigned")
    if not checklist:
        return said("no checklist pinned")
    return None


def answers_complete(
    *,
    criteria: Iterable[tuple[str, str]] = (),
    answers: Mapping[str, AnswerFacts] | None = None,
    evidenced: set[str] | frozenset[str] = frozenset(),
    **_: object,
) -> str | None:
    """Every applicable criterion answered; N/A justified; partial/non-compliant noted; every
    must criterion answered compliant backed by at least one evidence item."""
    problems = submit_problems(criteria, answers or {}, evidenced)
    if not problems:
        return None
    return joined("; ", [said("%(problem)s: %(criteria)s", problem=what,
                              criteria=_criteria_listed(ids))
                         for what, ids in problems.items()])


def submit_problems(criteria: Iterable[tuple[str, str]], answers: Mapping[str, AnswerFacts],
                    evidenced: set[str] | frozenset[str]) -> dict[str, list[str]]:
    """What keeps an audit from being submitted, each with its criterion ids in checklist
    order (the guard's message and the web's readiness list both come from here); each
    problem is a Phrase, said in the reader's language on a page."""
    problems: dict[str, list[str]] = {}
    for criterion_id, level in criteria:
        for problem in _answer_problems(criterion_id, level, answers.get(criterion_id), evidenced):
            problems.setdefault(problem, []).append(criterion_id)
    return problems



NOTE_RULES = {  # what the note of a result must say, shown where the result is chosen
    Result.PARTIAL: N_("A partial answer needs a note saying what is missing (required to "
                       "submit)."),
    Result.NON_COMPLIANT: N_("A non-compliant answer needs a note describing the gap "
                             "(required to submit)."),
    Result.NOT_APPLICABLE: N_("Not applicable needs a justification: the note is required to "
                              "save."),
}


def refuse_unjustified(criterion_id: str, result: str, note: str | None) -> None:
    """Not applicable needs its justification when it is recorded, not only at submit."""
    if result == Result.NOT_APPLICABLE and not (note or "").strip():
        raise InvalidInput.said("criterion %(criterion)s: not applicable needs a justification "
                                "(a note)", criterion=criterion_id)


WITHOUT_NOTE: dict[str, str] = {Result.PARTIAL: N_("partial without a note"),
                Result.NON_COMPLIANT: N_("non_compliant without a note")}


def _answer_problems(criterion_id: str, level: str, answer: AnswerFacts | None,
                     evidenced: set[str] | frozenset[str]) -> list[str]:
    if answer is None or answer.result is None:
        return [said("not answered")]
    note = (answer.note or "").strip()
    if answer.result == Result.NOT_APPLICABLE:
        return [] if note else [said("not_applicable without a justification")]
    problems: list[str] = []
    if answer.result in WITHOUT_NOTE and not note:
        problems.append(said(WITHOUT_NOTE[answer.result]))
    # A must criterion claimed compliant needs proof; a failing one becomes a finding instead.
    if level == "must" and answer.result == Result.COMPLIANT and criterion_id not in evidenced:
        problems.append(said("must criterion answered compliant without evidence"))
    return problems


def findings_resolved(*, findings: Iterable[FindingFacts] = (), **_: object) -> str | None:
    """Every finding confirmed or dismissed; confirmed ones above observation have an action."""
    findings = list(findings)
    drafts = [f.ref for f in findings if f.status == FindingStatus.DRAFT]
    if drafts:
        return said("findings still draft: %(refs)s", refs=_listed(drafts))
    missing = [
        f.ref
        for f in findings
        if f.status == FindingStatus.CONFIRMED
        and f.severity != Severity.OBSERVATION
        and not f.action_refs
    ]
    if missing:
        return said("confirmed findings without a corrective action (owner and due date): "
                    "%(refs)s", refs=_listed(missing))
    return None


def actions_verified(*, actions: Iterable[ActionFacts] = (), **_: object) -> str | None:
    open_refs = [a.ref for a in actions if a.status != ActionStatus.VERIFIED]
    if open_refs:
        return said("corrective actions not verified: %(refs)s", refs=_listed(open_refs))
    return None


def reason_given(*, reason: str | None = None, **_: object) -> str | None:
    return None if reason and reason.strip() else said("a reason is required")


def implementation_shown(*, has_evidence: bool = False, note: str | None = None,
                         **_: object) -> str | None:
    if has_evidence or (note and note.strip()):
        return None
    return said("no implementation evidence and no note")


Guard = Callable[..., str | None]  # keyword facts -> the unmet condition, or None
GUARDS: dict[str, Guard] = {
    "has_lead_and_checklist": has_lead_and_checklist,
    "answers_complete": answers_complete,
    "findings_resolved": findings_resolved,
    "actions_verified": actions_verified,
    "reason_given": reason_given,
    "implementation_shown": implementation_shown,
}
