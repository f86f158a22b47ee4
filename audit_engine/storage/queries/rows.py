"""Whole tables, for the few readers that need every row (the deep trail check, short lists)."""

from __future__ import annotations

from sqlmodel import Session, select


def all_rows(session: Session, model) -> list:
    """Every row of `model`'s table, in primary-key order."""
    return list(session.exec(select(model).order_by(*model.__table__.primary_key.columns)))
