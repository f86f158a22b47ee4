"""Scores of an audit: where it stands on the criteria, independent of its workflow status.

compliant counts 1, partial 0.5, non-compliant 0; not-applicable and unanswered criteria are
left out of the denominator. Pure functions over plain values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from audit_engine.domain.rules.lifecycle import Result

POINTS: dict[str, float] = {Result.COMPLIANT: 1.0, Result.PARTIAL: 0.5, Result.NON_COMPLIANT: 0.0}
FAILING = (Result.PARTIAL, Result.NON_COMPLIANT)  # a must criterion answered so has failed


@dataclass(frozen=True)
class ScoredAnswer:
    criterion_id: str
    category: str
    level: str  # must / should, as in force for the audit
    result: str | None  # None: not answered yet


@dataclass(frozen=True)
class Score:
    earned: float
    counted: int  # answers that count (not N/A, answered)

    @property
    def ratio(self) -> float | None:
        return self.earned / self.counted if self.counted else None

    @property
    def percent(self) -> float | None:
        ratio = self.ratio
        return None if ratio is None else round(100 * ratio, 1)


@dataclass(frozen=True)
class Scorecard:
    overall: Score
    by_category: dict[str, Score]
    failed_must: int
    answered: int
    total: int


def score(answers: Iterable[ScoredAnswer]) -> Score:
    counted = [POINTS[a.result] for a in answers if a.result in POINTS]
    return Score(earned=sum(counted), counted=len(counted))


def natural_key(text: str) -> tuple[Any, ...]:
    """Sort key for category and criterion ids by their numbers: 2 < 10, 6.2 < 6.10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                 for part in str(text).split("."))


def scorecard(answers: Iterable[ScoredAnswer]) -> Scorecard:
    items = list(answers)
    categories: dict[str, list[ScoredAnswer]] = {}
    for item in items:
        categories.setdefault(item.category, []).append(item)
    return Scorecard(
        overall=score(items),
        by_category={cat: score(categories[cat]) for cat in sorted(categories, key=natural_key)},
        failed_must=failed_must_count(items),
        answered=sum(1 for a in items if a.result is not None),
        total=len(items),
    )


def failed_must_count(answers: Iterable[ScoredAnswer]) -> int:
    """Must criteria answered anything short of compliant (partial or non-compliant)."""
    return sum(1 for a in answers if a.level == "must" and a.result in FAILING)
