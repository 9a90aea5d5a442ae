"""Saved job searches and the digests of new matching vacancies mailed from them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Field, SQLModel

from sankofa.core.db.types import created_at_field, json_field, tz_field


class AlertFrequency(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"


class SavedSearch(SQLModel, table=True):
    """A returnee's search (the query string of /jobs) with a digest frequency."""

    __tablename__ = "saved_search"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=120)
    query: dict[str, Any] = json_field()
    frequency: str = Field(default=AlertFrequency.WEEKLY, max_length=10)
    active: bool = True
    # The one-click unsubscribe link carries a token; only its hash is kept.
    unsubscribe_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = created_at_field()
    # Vacancies published after this instant are "new" for the next digest.
    last_sent_at: datetime | None = tz_field()
