"""The signed-in person's account page: the second factor's state and their API tokens, read
together; a token made from the page is shown on it once."""

from __future__ import annotations

from dataclasses import dataclass

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.services.administration.second_factor import Enrolment, second_factor_state
from audit_engine.services.integrations.tokens import (
    CreatedToken,
    TokenView,
    create_token,
    list_tokens,
)
from audit_engine.services.ports import UnitOfWork


@dataclass(frozen=True)
class AccountPage:
    enrolment: Enrolment
    tokens: list[TokenView]
    new_token: CreatedToken | None = None  # its secret, shown on this one page


def account_page(uow: UnitOfWork, clock: Clock, *, actor: Actor) -> AccountPage:
    return AccountPage(second_factor_state(uow, actor=actor),
                       list_tokens(uow, clock, actor=actor))


def token_made(uow: UnitOfWork, clock: Clock, *, actor: Actor, name: str, expires_days: int | None,
               read_only: bool) -> AccountPage:
    """A new personal token, and the page that shows its secret."""
    made = create_token(uow, clock, actor=actor, name=name, expires_days=expires_days,
                        read_only=read_only)
    page = account_page(uow, clock, actor=actor)
    return AccountPage(page.enrolment, page.tokens, made)
