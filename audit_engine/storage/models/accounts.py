"""Sign-in: password hashes and second factors, web sessions, throttling, one-time links.

Sessions and throttling counters live here (not in a server process), so any number of server
processes on one database agree. Session ids and link tokens are stored as SHA-256 hashes: a
copy of the database gives nobody a live session or a usable link.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from audit_engine.storage.types import utc_field


class UserCredential(SQLModel, table=True):
    __tablename__ = "user_credential"

    user_id: int = Field(
        foreign_key="app_user.id", primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    password_hash: str | None = Field(default=None, max_length=200)
    password_changed_at: datetime | None = utc_field(nullable=True)
    totp_secret: str | None = Field(default=None, max_length=255)  # sealed (credentials/sealed)
    totp_enabled_at: datetime | None = utc_field(nullable=True)
    totp_last_step: int = 0  # the last accepted time step: a code works once


class WebSession(SQLModel, table=True):
    __tablename__ = "web_session"

    id_hash: str = Field(primary_key=True, max_length=64)  # sha256 of the cookie value
    user_id: int = Field(foreign_key="app_user.id", index=True)
    stage: str = Field(max_length=20)  # second_factor (password given) | signed_in
    csrf_token: str = Field(max_length=64)
    client: str = Field(default="", max_length=100)
    created_at: datetime = utc_field()
    last_seen_at: datetime = utc_field()
    provider: str | None = Field(default=None, max_length=40)  # signed in through this SSO


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins per key: 'account:<email>' or 'address:<client address>'."""

    __tablename__ = "sign_in_throttle"

    key: str = Field(primary_key=True, max_length=300)
    failures: int = 0
    last_failure_at: datetime | None = utc_field(nullable=True)
    locked_until: datetime | None = utc_field(nullable=True)


class AccountToken(SQLModel, table=True):
    """A single-use, expiring link: an invitation or a password reset."""

    __tablename__ = "account_token"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    purpose: str = Field(max_length=20)  # invitation | reset
    created_by: str = Field(max_length=254)
    created_at: datetime = utc_field()
    expires_at: datetime = utc_field()
    used_at: datetime | None = utc_field(nullable=True)


class CalendarFeed(SQLModel, table=True):
    """A person's secret calendar-feed address: only its SHA-256 is kept (shown once, made
    anew or switched off on the account page)."""

    __tablename__ = "calendar_feed"

    user_id: int = Field(primary_key=True, foreign_key="app_user.id")
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = utc_field()


class SecurityPolicy(SQLModel, table=True):
    """Site-wide sign-in policy set by an admin; one row (id 1)."""

    __tablename__ = "security_policy"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    totp_required_for_privileged: bool = False  # admins and compliance officers
    sso_required: bool = False  # passwords refused, but for the break-glass accounts
    break_glass: str = Field(default="", max_length=2000)  # e-mails, one per line
    updated_by: str = Field(default="", max_length=254)
    updated_at: datetime | None = utc_field(nullable=True)


class RecoveryCode(SQLModel, table=True):
    """A second-factor recovery code (argon2id hash): signs in once in place of the app's code."""

    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    code_hash: str = Field(max_length=200)
    created_at: datetime = utc_field()
    used_at: datetime | None = utc_field(nullable=True)
