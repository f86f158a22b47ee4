"""The audit page's workflow steps: each with whether it is allowed now and why not, from the
same checks the transition makes (role, duty, guard), without making it."""

from __future__ import annotations

from types import SimpleNamespace

from audit_engine.domain.errors import TransitionNotAllowed
from audit_engine.domain.rules.guards import ActionFacts, AnswerFacts, FindingFacts
from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.domain.rules.permissions import PERMISSIONS, holds
from audit_engine.languages.current import gettext
from audit_engine.services.pages.audit_page_models import TransitionOption
from audit_engine.workflow.machines import fire
from audit_engine.workflow.tables import AUDIT


def transition_options(loaded, code: str, user, grants):
    """The steps of the workflow table from the audit's state, in the table's order, each
    labelled and marked reason-required from the table."""
    for event in AUDIT.events:
        if not AUDIT.allowed_from(event, loaded.head.status):
            continue
        if not holds(grants, PERMISSIONS[f"audit.{event}"], code):
            continue  # a step the person can never take in their role is not offered
        duty, reason = _why_not(loaded, user, event)
        yield TransitionOption(event, gettext(AUDIT.steps[event].label),  # the reader's
                               duty is None and reason is None,
                               reason, AUDIT.needs_reason(event), f"audit.{event}", duty)


def _why_not(loaded, user, event: str) -> tuple[str | None, str | None]:
    """(duty, unmet condition): the same checks the transition makes after the role (duty,
    guard), without making it; (None, None) when the step may be taken now."""
    head = loaded.head
    if event == "submit" and head.lead_id != user.id:
        return "lead", None
    if event == "approve" and head.submitted_by_id == user.id:
        return "submitter", None
    try:
        fire(AUDIT, SimpleNamespace(status=head.status), event,
             subject=display_id("audit", head.id), reason="given", **_facts(loaded, event))
    except TransitionNotAllowed as refused:
        return None, _unmet(refused)
    return None, None


def _unmet(refused: TransitionNotAllowed) -> str:
    """The guard's unmet condition alone: a Phrase, said in the reader's language."""
    values = refused.words[1] if refused.words else {}
    return values.get("why") or str(refused).split(": ", 1)[-1]


def _facts(loaded, event: str) -> dict:
    """What the guards check, from the rows the page read (the transitions read the same)."""
    if event == "start":
        return {"lead": loaded.head.lead_email, "checklist": loaded.head.checklist_id}
    if event == "submit":
        return {
            "criteria": [(a.criterion_id, a.level) for a in loaded.answers],
            "answers": {a.criterion_id: AnswerFacts(a.result, a.note) for a in loaded.answers},
            "evidenced": {f.criterion_id for f in loaded.files},
        }
    if event == "approve":
        planned: dict[int, list[str]] = {}
        for a in loaded.actions:
            if a.owner_id and a.due:
                planned.setdefault(a.finding_id, []).append(display_id("action", a.id))
        return {"findings": [FindingFacts(display_id("finding", f.id), f.status, f.severity,
                                          tuple(planned.get(f.id, ()))) for f in loaded.findings]}
    if event == "close":
        return {"actions": [ActionFacts(display_id("action", a.id), a.status)
                            for a in loaded.actions]}
    return {}
