"""What the HTTP API keeps: personal API tokens, request counts, idempotency records, webhook
endpoints, and photos arriving in chunks from the offline page."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from audit_engine.storage.types import utc_field


class ApiToken(SQLModel, table=True):
    """A personal API token. Only the SHA-256 of the secret is kept; the secret is shown once."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    name: str = Field(max_length=100)
    token_hash: str = Field(max_length=64, unique=True)
    prefix: str = Field(max_length=16)  # the first characters, to recognise a token in a list
    read_only: bool = False
    created_at: datetime = utc_field()
    expires_at: datetime | None = utc_field(nullable=True)
    last_used_at: datetime | None = utc_field(nullable=True)
    revoked_at: datetime | None = utc_field(nullable=True)


class ApiRequestCount(SQLModel, table=True):
    """Requests one token made in one minute (minutes since the epoch), counted in the database
    so every worker and node shares one rate limit."""

    __tablename__ = "api_request_count"

    token_id: int = Field(primary_key=True, foreign_key="api_token.id", ondelete="CASCADE")
    minute: int = Field(primary_key=True)
    count: int = 0


class IdempotencyRecord(SQLModel, table=True):
    """The first response to a POST with an Idempotency-Key, replayed for retries."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=80)  # token:<id> (or user:<id>)
    key: str = Field(max_length=200)
    fingerprint: str = Field(max_length=64)  # SHA-256 of the canonical request
    status_code: int | None = None  # None while the first request is still running
    content_type: str | None = Field(default=None, max_length=100)
    headers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    body: bytes | None = Field(default=None, sa_column=Column(sa.LargeBinary, nullable=True))
    created_at: datetime = utc_field(index=True)


class WebhookEndpoint(SQLModel, table=True):
    """An HTTP(S) endpoint told about events, signed per the Standard Webhooks specification.

    During a secret rotation both `secret` and `previous_secret` sign, until
    `previous_expires_at`."""

    __tablename__ = "webhook_endpoint"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    events: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    description: str = Field(default="", max_length=200)
    secret: str = Field(max_length=255)  # sealed under the secrets key (credentials/sealed)
    previous_secret: str | None = Field(default=None, max_length=255)
    previous_expires_at: datetime | None = utc_field(nullable=True)
    active: bool = True
    created_by: str = Field(max_length=254)
    created_at: datetime = utc_field()


class PhotoUpload(SQLModel, table=True):
    """A photo arriving in chunks (the offline page's resumable upload): what its sender said it
    will be. In the database, so whichever node takes the next chunk finds it."""

    __tablename__ = "photo_upload"
    __table_args__ = (UniqueConstraint("owner", "upload"),)

    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=64)  # a hash of the sender's e-mail, never the address
    upload: str = Field(max_length=64)  # the sender's upload id
    meta: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    started_at: datetime = utc_field(index=True)


class PhotoUploadChunk(SQLModel, table=True):
    """The bytes of one chunk, at its offset in the photo (a chunk sent twice is kept once)."""

    __tablename__ = "photo_upload_chunk"

    upload_id: int = Field(primary_key=True, foreign_key="photo_upload.id", ondelete="CASCADE")
    offset: int = Field(primary_key=True)
    size: int
    data: bytes = Field(sa_column=Column(sa.LargeBinary, nullable=False))
