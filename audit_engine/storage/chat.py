"""Chat channels (Teams/Slack incoming webhooks): rows in and out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.notifications import ChatChannel
from audit_engine.storage.models.people import Facility
from audit_engine.storage.models.scheduling import AuditProgram


@dataclass(frozen=True)
class Channel:
    id: int
    service: str
    url: str
    facility: str | None  # its code; None: every facility (or its program's)
    program: int | None  # an audit program's number: only that program's audits
    description: str
    active: bool
    created_at: datetime


def _channel(row: ChatChannel, code: str | None) -> Channel:
    return Channel(row.id, row.service, row.url, code, row.program_id, row.description,
                   row.active, row.created_at)


def active_channels(session: Session) -> list[Channel]:
    rows = session.exec(select(ChatChannel, Facility.code)
                        .join(Facility, Facility.id == ChatChannel.facility_id, isouter=True)
                        .where(ChatChannel.active).order_by(ChatChannel.id)).all()
    return [_channel(row, code) for row, code in rows]


def channel(session: Session, number: int) -> Channel | None:
    row = session.get(ChatChannel, number)
    if row is None:
        return None
    code = session.get(Facility, row.facility_id).code if row.facility_id else None
    return _channel(row, code)


def add(session: Session, service: str, url: str, facility_id: int | None,
        program_id: int | None, description: str, created_by: str,
        now: datetime) -> ChatChannel:
    row = ChatChannel(service=service, url=url, facility_id=facility_id, program_id=program_id,
                      description=description, created_by=created_by, created_at=now)
    session.add(row)
    session.flush()
    return row


def programs_of_audits(session: Session, numbers: set[int]) -> dict[int, int | None]:
    """{audit number: its program's number, or None for a hand-planned audit}."""
    if not numbers:
        return {}
    rows = session.exec(select(Audit.id, Audit.program_id).where(Audit.id.in_(numbers))).all()
    return dict(rows)


def program_scopes(session: Session) -> dict[int, tuple[str, str, str]]:
    """{program number: what it audits, (facility code, checklist, every), e.g. ("F1",
    "ctpat-msc", "quarter")}."""
    rows = session.exec(select(AuditProgram.id, Facility.code, AuditProgram.checklist_id,
                               AuditProgram.every)
                        .join(Facility, Facility.id == AuditProgram.facility_id)
                        .order_by(AuditProgram.id)).all()
    return {number: (code, checklist, every) for number, code, checklist, every in rows}


def deactivate(session: Session, number: int) -> bool:
    row = session.get(ChatChannel, number)
    if row is None or not row.active:
        return False
    row.active = False
    session.add(row)
    return True


def facility_languages(session: Session, codes: set[str]) -> dict[str, str]:
    """{facility code: its default language} of the facilities among `codes` that set one."""
    if not codes:
        return {}
    rows = session.exec(select(Facility.code, Facility.language)
                        .where(Facility.code.in_(codes), Facility.language.is_not(None)))
    return dict(rows.all())
