"""Tables of the foundation: accounts, organisations, sessions, mail, outbox, audit, rate limits."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Index, String, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel

from sankofa.db.types import created_at_field, json_field, tz_field


class Role(StrEnum):
    """What a person is on Sankofa; fixed at sign-up."""

    RETURNEE = "returnee"
    EMPLOYER = "employer"
    INVESTOR = "investor"
    AUTHORITY = "authority"
    PARTNER = "partner"
    ADMIN = "admin"


class OrgKind(StrEnum):
    """Organisation types; each maps to the role of its members."""

    EMPLOYER = "employer"
    AUTHORITY = "authority"
    PARTNER = "partner"
    FUND = "fund"


class OrgStatus(StrEnum):
    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    SUSPENDED = "suspended"


class MemberRole(StrEnum):
    OWNER = "owner"
    MEMBER = "member"


class TokenPurpose(StrEnum):
    VERIFY_EMAIL = "verify_email"
    RESET_PASSWORD = "reset_password"  # noqa: S105 - a purpose name, not a secret


class MailStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    HELD = "held"  # no SMTP configured: shown on the admin outbox page
    FAILED = "failed"


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


class Organisation(SQLModel, table=True):
    """An employer, local authority, reintegration partner or investment fund."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20, index=True)
    # The public name: once the organisation is verified, it changes only when a verifier approves `pending_name`.
    name: str = Field(max_length=200)
    pending_name: str | None = Field(default=None, max_length=200)
    pending_name_at: datetime | None = tz_field()
    country: str | None = Field(default=None, max_length=2)
    status: str = Field(default=OrgStatus.UNVERIFIED, max_length=20, index=True)
    verified_at: datetime | None = tz_field()
    verified_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = created_at_field()
    # Public profile (employers show it next to their vacancies).
    description: str = Field(default="", sa_column=Column(String(4000), nullable=False, server_default=""))
    sectors: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String), nullable=False, server_default="{}")
    )
    # Origin-country regions where the organisation operates (region codes).
    regions: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String), nullable=False, server_default="{}")
    )
    size: str | None = Field(default=None, max_length=20)
    website: str | None = Field(default=None, max_length=300)
    contact_email: str | None = Field(default=None, max_length=320)
    contact_phone: str | None = Field(default=None, max_length=40)


class Membership(SQLModel, table=True):
    """A user's seat in an organisation."""

    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    role: str = Field(default=MemberRole.MEMBER, max_length=10)
    created_at: datetime = created_at_field()


class Invitation(SQLModel, table=True):
    """An emailed invitation to join an organisation; the token is stored hashed."""

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    email: str = Field(max_length=320)
    token_hash: str = Field(max_length=64, unique=True)
    invited_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    expires_at: datetime = tz_field(nullable=False)
    accepted_at: datetime | None = tz_field()


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


class RateLimitHit(SQLModel, table=True):
    """Counter of attempts per key (account or IP): this fixed window's and the previous one's (a sliding window)."""

    __tablename__ = "rate_limit_hit"

    key: str = Field(primary_key=True, max_length=200)
    window_start: datetime = tz_field(nullable=False)
    count: int = 0
    previous_count: int = 0

    __table_args__ = (Index("ix_rate_limit_hit_window", "window_start"),)


class OutboxMessage(SQLModel, table=True):
    """A job to enqueue, written in the same transaction as the change that needs it, relayed after commit."""

    __tablename__ = "outbox_message"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    actor: str = Field(max_length=100)
    args: dict[str, Any] = json_field()
    created_at: datetime = created_at_field()
    enqueued_at: datetime | None = tz_field(index=True)


class Mail(SQLModel, table=True):
    """An outgoing email; sent by the `mail.send` job, or held for the admin outbox without SMTP."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    to_address: str = Field(max_length=320, index=True)
    subject: str = Field(max_length=300)
    body_text: str
    body_html: str | None = None
    # Extra headers, e.g. List-Unsubscribe on job alert digests.
    headers: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSONB, nullable=False, server_default=text("'{}'::jsonb"))
    )
    status: str = Field(default=MailStatus.QUEUED, max_length=10, index=True)
    attempts: int = 0
    last_error: str | None = None
    created_at: datetime = created_at_field()
    sent_at: datetime | None = tz_field()


class AuditEvent(SQLModel, table=True):
    """Who did what to whose data. Subjects can read their own rows."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = created_at_field()
    action: str = Field(max_length=60, index=True)
    actor_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    actor_organisation_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL")
    subject_user_id: int | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")
    ip: str | None = Field(default=None, max_length=64)
    detail: dict[str, Any] = json_field()


class ScheduledRun(SQLModel, table=True):
    """Last run of each periodic job; a conditional UPDATE elects one worker per period across processes."""

    __tablename__ = "scheduled_run"

    name: str = Field(primary_key=True, max_length=100)
    last_run_at: datetime = tz_field(nullable=False)
