"""Chat channels (Teams/Slack incoming webhooks): rows in and out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from audit_engine.storage.models.notifications import ChatChannel
from audit_engine.storage.models.people import Facility


@dataclass(frozen=True)
class Channel:
    id: int
    service: str
    url: str
    facility: str | None  # its code; None: every facility
    description: str
    active: bool
    created_at: datetime


def _channel(row: ChatChannel, code: str | None) -> Channel:
    return Channel(row.id, row.service, row.url, code, row.description, row.active,
                   row.created_at)


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


def add(session: Session, service: str, url: str, facility_id: int | None, description: str,
        created_by: str, now: datetime) -> ChatChannel:
    row = ChatChannel(service=service, url=url, facility_id=facility_id,
                      description=description, created_by=created_by, created_at=now)
    session.add(row)
    session.flush()
    return row


def deactivate(session: Session, number: int) -> bool:
    row = session.get(ChatChannel, number)
    if row is None or not row.active:
        return False
    row.active = False
    session.add(row)
    return True
