"""Facilities by code: the ones planning names, those in a scope, every code, codes by id, a
facility's time zone."""

from __future__ import annotations

from collections.abc import Iterable

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


def facilities_with_codes(session: Session, codes: Iterable[str] | None = None) -> list[Facility]:
    """The facilities with `codes` (None: every facility), in code order."""
    query = select(Facility).order_by(Facility.code)
    if codes is not None:
        query = query.where(Facility.code.in_(sorted(codes) or [""]))
    return list(session.exec(query).all())


def facility_codes(session: Session) -> list[str]:
    return list(session.exec(select(Facility.code).order_by(Facility.code)).all())


def codes_by_facility_id(session: Session) -> dict[int, str]:
    return dict(session.exec(select(Facility.id, Facility.code)).all())


def time_zone_of(session: Session, code: str) -> str | None:
    """The facility's own time zone (None: the server's, or no such facility)."""
    return session.exec(select(Facility.time_zone).where(Facility.code == code)).first()
