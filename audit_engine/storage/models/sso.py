"""Single sign-on: identities at providers linked to users, and sign-ins under way."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from audit_engine.storage.types import utc_field


class SsoIdentity(SQLModel, table=True):
    """A person at a provider (issuer and `sub`, never the e-mail alone) linked to a user."""

    __tablename__ = "sso_identity"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    issuer: str = Field(max_length=300)
    subject: str = Field(max_length=255)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    email: str = Field(default="", max_length=254)  # the e-mail claim at the last sign-in
    linked_by: str = Field(max_length=254)  # the user themself, an admin, or new account
    linked_at: datetime = utc_field()
    last_sign_in_at: datetime | None = utc_field(nullable=True)


class SsoAttempt(SQLModel, table=True):
    """A sign-in sent to a provider and not back yet: found by the hash of its `state`, used
    once (deleted at the callback), so a replayed or forged state names nothing."""

    __tablename__ = "sso_attempt"

    state_hash: str = Field(primary_key=True, max_length=64)
    provider: str = Field(max_length=40)
    purpose: str = Field(max_length=10)  # sign_in | link | test
    nonce: str = Field(max_length=64)
    verifier: str = Field(max_length=128)  # the PKCE code verifier
    user_id: int | None = Field(default=None, foreign_key="app_user.id")  # link, test: who
    next_path: str = Field(default="/", max_length=500)
    created_at: datetime = utc_field(index=True)
