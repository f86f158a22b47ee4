"""The outbox for those who may read it (`outbox.read`: every facility's mail)."""

from __future__ import annotations

from audit_engine.domain.actor import Actor
from audit_engine.services.access import reader_scope
from audit_engine.services.mail.outbox import MessageView, list_outbox


def outbox_for(new_uow, *, actor: Actor, status: str | None = None,
               limit: int = 200) -> list[MessageView]:
    """Messages, newest first; PermissionDenied unless the actor reads every facility's."""
    reader_scope(new_uow(), actor=actor, read="outbox.read")
    return list_outbox(new_uow, status=status, limit=limit)
