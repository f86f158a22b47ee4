"""Fieldwork one category at a time: the category index with its counts, one category's page
(its criteria, where to go next, the gaps "rest compliant" would leave) and the audit's submit
readiness as a list of blocking conditions, each with the criteria it concerns.

Everything here is derived from the fieldwork page's one read (audit_page.audit_page): no
statement of its own."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import NotFound
from audit_engine.domain.rules.guards import NOTE_RULES, AnswerFacts, submit_problems
from audit_engine.domain.rules.lifecycle import AuditId
from audit_engine.languages.current import gettext
from audit_engine.services.pages.audit_page import audit_page
from audit_engine.services.pages.audit_page_models import AuditPage, CategoryBlock, CriterionLine
from audit_engine.services.ports import UnitOfWork


@dataclass(frozen=True)
class CategoryCount:
    id: str
    name: str
    answered: int
    total: int
    failed: int
    must_without_evidence: int


@dataclass(frozen=True)
class Place:
    """A criterion to go to: its category and id."""
    category: str
    criterion: str


@dataclass(frozen=True)
class Blocker:
    problem: str  # the guard's own words, e.g. "not answered"
    places: tuple[Place, ...]


@dataclass(frozen=True)
class CategoryPage:
    page: AuditPage
    index: tuple[CategoryCount, ...]
    category: CategoryBlock
    counts: CategoryCount
    next_unanswered: Place | None  # from this category on, wrapping round the audit
    next_failed: Place | None
    next_category: CategoryCount | None
    gaps: tuple[CriterionLine, ...]  # must criteria here, unanswered or compliant, no evidence
    note_rules: dict[str, str]


def counts_of(block: CategoryBlock) -> CategoryCount:
    rows = block.criteria
    return CategoryCount(
        block.id, block.name, block.answered, len(rows),
        sum(1 for c in rows if "failed" in c.tags),
        sum(1 for c in rows if "must-without-evidence" in c.tags))


def category_index(page: AuditPage) -> tuple[CategoryCount, ...]:
    return tuple(counts_of(block) for block in page.categories)


def readiness(page: AuditPage) -> tuple[Blocker, ...]:
    """What the submit guard would refuse now, each problem with the criteria it names."""
    rows = [c for block in page.categories for c in block.criteria]
    problems = submit_problems(
        [(c.id, c.level) for c in rows],
        {c.id: AnswerFacts(c.result, c.note) for c in rows},
        {c.id for c in rows if c.evidence})
    category = {c.id: c.category for c in rows}
    return tuple(Blocker(problem, tuple(Place(category[i], i) for i in ids))
                 for problem, ids in problems.items())


def category_page(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId,
                  category: str | None) -> CategoryPage:
    """One category's page; None: the first category with an unanswered criterion (else the
    first), where fieldwork goes on."""
    page = audit_page(uow, clock, actor=actor, audit=audit)
    blocks = page.categories
    position: int | None
    if category is None:
        position = next((i for i, b in enumerate(blocks) if b.answered < len(b.criteria)), 0)
    else:
        position = next((i for i, b in enumerate(blocks) if b.id == category), None)
    if position is None or not blocks:
        raise NotFound.said("category %(category)r is not on the checklist of %(audit)s",
                            category=category, audit=page.audit.id)
    return _category_view(page, position)


def criterion_in_category(uow: UnitOfWork, clock: Clock, *, actor: Actor, audit: AuditId,
                          criterion: str) -> tuple[CategoryPage, CriterionLine]:
    """One criterion as its category page shows it, with that page: one read."""
    return criterion_on_page(audit_page(uow, clock, actor=actor, audit=audit), criterion)


def criterion_on_page(page: AuditPage, criterion: str) -> tuple[CategoryPage, CriterionLine]:
    """The criterion's category page and its row, from the audit page already read."""
    for position, block in enumerate(page.categories):
        for row in block.criteria:
            if row.id == criterion.strip():
                return _category_view(page, position), row
    raise NotFound.said("criterion %(criterion)r is not on the checklist of %(audit)s",
                        criterion=criterion, audit=page.audit.id)


def _category_view(page: AuditPage, position: int) -> CategoryPage:
    blocks = page.categories
    block = blocks[position]
    order = [c for b in blocks[position:] + blocks[:position] for c in b.criteria]
    index = category_index(page)
    return CategoryPage(
        page=page, index=index, category=block, counts=index[position],
        next_unanswered=_first(order, "unanswered"),
        next_failed=_first(order, "failed"),
        next_category=index[position + 1] if position + 1 < len(index) else None,
        gaps=tuple(c for c in block.criteria if c.result in (None, "compliant")
                   and "must-without-evidence" in c.tags),
        note_rules={str(k): gettext(v) for k, v in NOTE_RULES.items()})  # the reader's


def _first(rows: list[CriterionLine], tag: str) -> Place | None:
    found = next((c for c in rows if tag in c.tags), None)
    return Place(found.category, found.id) if found else None

