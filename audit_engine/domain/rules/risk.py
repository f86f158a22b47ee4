"""CBP's Five Step Risk Assessment (MSC 2.1): the steps, ratings and when it is due again.

CBP's guide: (1) map cargo flow and business partners, (2) threat assessment, (3) vulnerability
assessment, (4) action plan, (5) document how risk assessments are conducted. Threats and
vulnerabilities are rated high, medium or low; the assessment is reviewed at least once a year
(MSC 2.3). Pure Python: the service passes plain values in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from audit_engine.domain.errors import TransitionNotAllowed
from audit_engine.domain.rules.overdue import is_overdue
from audit_engine.domain.rules.risk_steps import ENGLISH, STEP_KEYS
from audit_engine.domain.words import joined, said

RATINGS = ("high", "medium", "low")
ITEM_KINDS = ("threat", "vulnerability")
STATUSES = ("open", "completed")
RISK_CRITERION = "2.1"  # the MSC criterion a completed assessment is evidence for

# (key, what CBP's guide calls the step); each step's text, wording mark and source, in English
# and Spanish, are in risk_steps.py
FIVE_STEPS = tuple((key, ENGLISH[key].title) for key in STEP_KEYS)
# Threat kinds CBP's guide names (a threat's name is free text; these are suggestions).
THREAT_KINDS = (
    "terrorism",
    "contraband smuggling",
    "human smuggling",
    "organized crime",
    "agricultural and public safety threats",
    "forced labor",
)


@dataclass(frozen=True)
class RatedItem:
    id: int
    kind: str  # threat | vulnerability
    rating: str  # high | medium | low


@dataclass(frozen=True)
class StepState:
    key: str
    title: str
    done: bool
    missing: str  # what is still needed ("" when done)


def step_states(
    cargo_flow: str,
    items: Iterable[RatedItem],
    actions_per_item: Mapping[int, int],
    process: str,
) -> tuple[StepState, ...]:
    """Each of the five steps, done or with what it still needs."""
    items = list(items)
    threats = [i for i in items if i.kind == "threat"]
    vulnerabilities = [i for i in items if i.kind == "vulnerability"]
    unplanned = [i.id for i in items if i.rating == "high" and not actions_per_item.get(i.id)]
    missing = {
        "map": "" if cargo_flow.strip() else "describe the cargo flow and business partners",
        "threats": "" if threats else "rate at least one threat",
        "vulnerabilities": "" if vulnerabilities else "rate at least one vulnerability",
        "action_plan": (
            "every high-rated item needs an action; none yet for "
            + ", ".join(f"RI-{n}" for n in unplanned)
            if unplanned
            else ""
        ),
        "documentation": "" if process.strip() else "document how the assessment was conducted",
    }
    return tuple(StepState(key, title, not missing[key], missing[key]) for key, title in FIVE_STEPS)


class StepLike(Protocol):
    """A step as the rules (StepState) or a page (services' StepView) holds it."""

    @property
    def title(self) -> str: ...
    @property
    def done(self) -> bool: ...
    @property
    def missing(self) -> str: ...


def require_complete(reference: str, steps: Iterable[StepLike]) -> None:
    """TransitionNotAllowed naming every step still open."""
    # the step's English title is a catalogue entry (risk_steps.TITLES): a page words it
    open_steps = [said("%(step)s: %(missing)s", step=s.title, missing=s.missing)
                  for s in steps if not s.done]
    if open_steps:
        raise TransitionNotAllowed.said("%(ref)s cannot be completed: %(steps)s", ref=reference,
                                        steps=joined("; ", open_steps))


def next_due(assessed_on: date) -> date:
    """A year after the assessment (29 February falls back to 28 February)."""
    try:
        return assessed_on.replace(year=assessed_on.year + 1)
    except ValueError:
        return assessed_on.replace(year=assessed_on.year + 1, day=28)


def assessment_overdue(last_assessed: date | None, today: date) -> bool:
    """Overdue when the latest completed assessment is older than a year (or there is none)."""
    if last_assessed is None:
        return True
    return is_overdue("open", next_due(last_assessed), today)


# Likelihood x impact, each 1-3, as the web's rating form asks it: the score (1-9) decides the
# rating CBP's guide uses (6 or more high, 3 or more medium, else low).
LIKELIHOOD = {1: "unlikely", 2: "possible", 3: "likely"}
IMPACT = {1: "minor", 2: "serious", 3: "severe"}


def rating_of(likelihood: int, impact: int) -> tuple[int, str]:
    """(score, rating) of a likelihood and an impact, each 1 to 3."""
    if likelihood not in LIKELIHOOD or impact not in IMPACT:
        from audit_engine.domain.errors import InvalidInput

        raise InvalidInput.said("likelihood and impact are each 1, 2 or 3")
    score = likelihood * impact
    return score, "high" if score >= 6 else "medium" if score >= 3 else "low"
