"""Check a member's `id, level` rows (copied from its own CBP MSC document) against a catalog.

Nothing is invented: an id the catalog does not hold is refused with its row, and so is a
repeated row or a level that would relax a `must`. Every problem is collected, so the member
fixes the sheet once. Pure Python: rows are anything with `number`, `id`, `level` and
`typed_as_number` attributes (the spreadsheets adapter reads them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.rules.catalog import ENTITY_TYPES, LEVELS, Catalog, Criterion


class ProfileRow(Protocol):
    """A row read from a sheet (spreadsheets.rows.IdLevelRow) or built by a test."""

    @property
    def number(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def typed_as_number(self) -> bool: ...


class ProfileRowsRefused(InvalidInput):
    """Rows that cannot become a profile; `problems` has one line per problem, each with its row."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = tuple(f"{source}:{line}" for line in problems)
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(self.problems[0] + more)


@dataclass(frozen=True)
class ImportedProfile:
    entity_type: str
    criteria: tuple[str, ...]  # in the document's order
    made_must: tuple[str, ...]  # rows marked must where the catalog says should


def check_profile_rows(
    rows: Iterable[ProfileRow], catalog: Catalog, entity_type: str, source: str
) -> ImportedProfile:
    """The imported profile, or ProfileRowsRefused naming every bad row."""
    if entity_type not in ENTITY_TYPES:
        raise InvalidInput.said("unknown entity type %(kind)r (known: %(known)s)",
                                kind=entity_type, known=", ".join(ENTITY_TYPES))
    if catalog.kind != "criteria":
        raise InvalidInput.said("%(catalog)s is an inspection checklist; import into a "
                                "criteria catalog", catalog=catalog.id)
    problems: list[str] = []
    first_row: dict[str, int] = {}
    made_must: list[str] = []
    for row in rows:
        problem = _row_problem(row, catalog, first_row)
        if problem:
            problems.append(f"row {row.number}: {problem}")
            continue
        first_row[row.id] = row.number
        if row.level == "must" and _ever_should(catalog.criterion(row.id)):
            made_must.append(row.id)
    if problems:
        raise ProfileRowsRefused(source, problems)
    return ImportedProfile(entity_type, tuple(first_row), tuple(made_must))


def _row_problem(row: ProfileRow, catalog: Catalog, first_row: dict[str, int]) -> str | None:
    name = f"{catalog.id}@{catalog.version}"
    if row.typed_as_number:
        return (
            f"id {row.id} is a number in the sheet (4.10 would read as 4.1); "
            "format the id column as text"
        )
    if not row.id:
        return "no id"
    criterion = catalog.criterion(row.id)
    if criterion is None:
        return f"unknown criterion id '{row.id}': not in {name} (nothing is invented)"
    if row.id in first_row:
        return f"'{row.id}' repeats row {first_row[row.id]}"
    if row.level not in LEVELS:
        return f"level '{row.level}' for {row.id} is not one of: {', '.join(LEVELS)}"
    if row.level == "should":
        must_from = _must_from(criterion)
        if must_from is not None:
            return (
                f"{row.id} is 'should' here but 'must' in {name}{must_from}; "
                "a company checklist may only make levels stricter"
            )
    return None


def _must_from(criterion: Criterion) -> str | None:
    """' from 2023-01-01' / '' when the catalog says must at some point; None if never."""
    for change in criterion.levels:
        if change.level == "must":
            return f" from {change.effective}" if change.effective else ""
    return None


def _ever_should(criterion: Criterion | None) -> bool:
    return criterion is not None and any(ch.level == "should" for ch in criterion.levels)
