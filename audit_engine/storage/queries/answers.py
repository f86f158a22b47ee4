"""Queries for an audit's answers (one row per criterion on its checklist)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func
from sqlmodel import Session, select

from audit_engine.storage.bulk import insert_rows
from audit_engine.storage.models.lifecycle import Answer


def answers_of(session: Session, audit_id: int) -> list[Answer]:
    """Every answer of the audit, in planning (checklist) order."""
    return list(session.exec(select(Answer).where(Answer.audit_id == audit_id)
                             .order_by(Answer.id)).all())


def answers_in_category(session: Session, audit_id: int, category: str) -> list[Answer]:
    return list(session.exec(select(Answer).where(
        Answer.audit_id == audit_id, Answer.category == category).order_by(Answer.id)).all())


def answer_to(session: Session, audit_id: int, criterion_id: str) -> Answer | None:
    return session.exec(select(Answer).where(
        Answer.audit_id == audit_id, Answer.criterion_id == criterion_id)).first()


def answers_to(session: Session, audit_id: int, criterion_ids: Iterable[str]) -> list[Answer]:
    return list(session.exec(select(Answer).where(
        Answer.audit_id == audit_id, Answer.criterion_id.in_(list(criterion_ids)))).all())


def answer_progress(session: Session, audit_ids: list[int]) -> dict[int, tuple[int, int]]:
    """audit id -> (answered, total) criteria."""
    if not audit_ids:
        return {}
    rows = session.exec(
        select(Answer.audit_id, func.count(Answer.result), func.count())
        .where(Answer.audit_id.in_(audit_ids)).group_by(Answer.audit_id)
    ).all()
    return {audit_id: (answered, total) for audit_id, answered, total in rows}


ANSWER_COLUMNS = ("audit_id", "criterion_id", "category", "level", "note")


def insert_answers(session: Session, rows: list[tuple]) -> None:
    """Answer rows as tuples of ANSWER_COLUMNS, in one executemany."""
    insert_rows(session.connection(), Answer.__table__, ANSWER_COLUMNS, rows)
