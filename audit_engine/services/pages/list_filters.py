"""Lists people can work with: search, filters (facility, status, period, owner, overdue; audit
and criterion for evidence), sort
and pages over the rows a reader may see, all kept in the URL's query so a list can be
bookmarked, shared and exported with the same filters. Pure: the rows come from the services
that authorized the reader.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from audit_engine.domain.formats.tables import Column, Table

PER_PAGE = 25
FILTERS = ("q", "facility", "status", "period", "owner", "overdue", "audit", "criterion")


@dataclass(frozen=True)
class ListQuery:
    q: str = ""
    facility: str = ""
    status: str = ""
    period: str = ""
    owner: str = ""
    overdue: bool = False
    audit: str = ""  # A-n: the evidence list's filters
    criterion: str = ""
    sort: str = ""
    desc: bool = False
    page: int = 1

    def url(self, **changes) -> str:
        """This query with `changes`, as a query string (empty values left out)."""
        query = replace(self, **changes)
        pairs = {name: getattr(query, name) for name in (*FILTERS, "sort")}
        pairs["overdue"] = "1" if query.overdue else ""
        pairs["desc"] = "1" if query.desc else ""
        pairs["page"] = str(query.page) if query.page > 1 else ""
        return urlencode({k: v for k, v in pairs.items() if v})

    def sorted_by(self, key: str) -> str:
        """The query string that sorts by `key`, reversing when it sorts by it already."""
        return self.url(sort=key, desc=not self.desc if self.sort == key else False, page=1)


def parse_query(params: Mapping[str, str], sorts: Sequence[str]) -> ListQuery:
    """Whatever the URL holds, a usable query: unknown sorts fall back to the first, pages
    start at 1, text is trimmed and capped (a URL is typed by people and by robots)."""
    text = {name: str(params.get(name, "")).strip()[:200] for name in FILTERS}
    page = str(params.get("page", "1"))
    sort = str(params.get("sort", ""))
    return ListQuery(
        q=text["q"], facility=text["facility"], status=text["status"], period=text["period"],
        owner=text["owner"], overdue=text["overdue"] in ("1", "on", "true"),
        audit=text["audit"], criterion=text["criterion"],
        sort=sort if sort in sorts else sorts[0], desc=params.get("desc") == "1",
        page=int(page) if page.isascii() and page.isdigit() and 0 < int(page) < 10**6 else 1)


@dataclass(frozen=True)
class Facts:
    """What a list filters and sorts a row by."""

    text: str  # what the search looks in
    facility: str
    status: str
    period: str = ""
    owner: str = ""
    overdue: bool = False
    keys: Mapping[str, object] | None = None  # sort key -> value
    audit: str = ""
    criterion: str = ""


@dataclass(frozen=True)
class ListPage:
    rows: tuple
    total: int  # rows matching, on every page
    page: int
    pages: int
    query: ListQuery
    facilities: tuple[str, ...]  # the choices of each filter, from the rows before filtering
    statuses: tuple[str, ...]
    periods: tuple[str, ...]
    owners: tuple[str, ...]
    audits: tuple[str, ...]
    criteria: tuple[str, ...]


def matching(rows: Sequence, query: ListQuery, facts: Callable[[object], Facts]) -> list:
    """The rows the query's search and filters keep, in its order (every page)."""
    known = [(row, facts(row)) for row in rows]
    needle = query.q.lower()
    kept = [(row, f) for row, f in known
            if (not needle or needle in f.text.lower())
            and (not query.facility or f.facility == query.facility)
            and (not query.status or f.status == query.status)
            and (not query.period or f.period == query.period)
            and (not query.owner or f.owner == query.owner)
            and (not query.overdue or f.overdue)
            and (not query.audit or f.audit == query.audit)
            and (not query.criterion or f.criterion == query.criterion)]
    kept.sort(key=lambda pair: _sort_key((pair[1].keys or {}).get(query.sort)),
              reverse=query.desc)
    return [row for row, _ in kept]


def list_page(rows: Sequence, query: ListQuery, facts: Callable[[object], Facts]) -> ListPage:
    known = [facts(row) for row in rows]
    kept = matching(rows, query, facts)
    pages = max(1, -(-len(kept) // PER_PAGE))
    page = min(query.page, pages)
    shown = tuple(kept[(page - 1) * PER_PAGE: page * PER_PAGE])
    return ListPage(shown, len(kept), page, pages, replace(query, page=page),
                    *(tuple(sorted({getattr(f, name) for f in known} - {""}, key=_sort_key))
                      for name in ("facility", "status", "period", "owner", "audit",
                                   "criterion")))


def _sort_key(value) -> tuple:
    """None last; dates, numbers and text each comparable among themselves."""
    if value is None:
        return (1, "")
    if isinstance(value, date):
        return (0, value.isoformat())
    if isinstance(value, int | float):
        return (0, f"{value:020.4f}")
    text = str(value)
    if all(part.isdigit() for part in text.split(".")):  # criterion 2.10 after 2.9
        return (0, ".".join(part.zfill(6) for part in text.split(".")))
    head, _, number = text.rpartition("-")  # A-10 after A-9
    return (0, f"{head}-{int(number):012d}" if number.isdigit() else text.lower())


def table_of(title: str, headers: Sequence[tuple[str, str]], rows: Sequence[tuple]) -> Table:
    """The matching rows as an export table (headers: (title, kind) each)."""
    return Table(title, tuple(Column(name, kind, 14) for name, kind in headers), tuple(rows))
