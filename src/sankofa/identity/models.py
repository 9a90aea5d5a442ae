"""People and their sign-in: users, email tokens (verification, reset), server-side sessions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from sankofa.core.db.types import created_at_field, json_field, tz_field


class Role(StrEnum):
    """What a person is on Sankofa; fixed at sign-up."""

    RETURNEE = "returnee"
    EMPLOYER = "employer"
    INVESTOR = "investor"
    AUTHORITY = "authority"
    PARTNER = "partner"
    ADMIN = "admin"


class TokenPurpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105 - a purpose name, not a secret


class User(SQLModel, table=True):
    """A person with a login. Personal fields are blanked when the account is deleted."""

    id: int | None = Field(default=None, primary_key=True)
    email: str | None = Field(default=None, sa_column=Column(String(320), unique=True, nullable=True))
    password_hash: str | None = None
    display_name: str = Field(default="", max_length=120)
    role: str = Field(max_length=20, index=True)
    locale: str | None = Field(default=None, max_length=5)
    email_verified_at: datetime | None = tz_field()
    created_at: datetime = created_at_field()
    deleted_at: datetime | None = tz_field()


class EmailToken(SQLModel, table=True):
    """Single-use, expiring token sent by email (verification, password reset); stored hashed."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    purpose: str = Field(max_length=20)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_at_field()
    expires_at: datetime = tz_field(nullable=False)
    used_at: datetime | None = tz_field()


class WebSession(SQLModel, table=True):
    """Server-side session; the cookie holds a random id whose hash is the key."""

    __tablename__ = "web_session"

    id: str = Field(primary_key=True, max_length=64)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True, ondelete="CASCADE")
    csrf_token: str = Field(max_length=64)
    locale: str | None = Field(default=None, max_length=5)
    created_at: datetime = created_at_field()
    expires_at: datetime = tz_field(nullable=False, index=True)
    # When the session last served a request (written at most once a minute): idle sessions end (ASVS 3.3.2).
    last_seen_at: datetime = created_at_field()
    data: dict[str, Any] = json_field()
