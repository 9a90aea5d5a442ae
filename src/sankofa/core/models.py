"""Tables every domain stands on: mail, the outbox, the audit trail, rate limits, scheduled runs."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Index, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from sankofa.core.db.types import created_at_field, json_field, tz_field


class MailStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    HELD = "held"  # no SMTP configured: shown on the admin outbox page
    FAILED = "failed"


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
    # Files sent with it, text only ({"filename", "content_type", "content"}): an event's calendar entry.
    attachments: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False, server_default=text("'[]'::jsonb"))
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
