"""Queries for the facilities audits are planned for and shown by."""

from __future__ import annotations

from sqlmodel import Session, select

from audit_engine.storage.models.people import Facility

_CHUNK = 500  # codes per IN (...) list


def facilities_by_code(session: Session, codes: set[str]) -> dict[str, Facility]:
    """code -> facility, for the codes that exist."""
    found: dict[str, Facility] = {}
    ordered = sorted(codes)
    for i in range(0, len(ordered), _CHUNK):
        query = select(Facility).where(Facility.code.in_(ordered[i : i + _CHUNK]))
        found.update((f.code, f) for f in session.exec(query))
    return found


def all_facilities(session: Session) -> list[Facility]:
    return list(session.exec(select(Facility)).all())
