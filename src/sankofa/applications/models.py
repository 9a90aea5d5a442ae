"""Applications of returnees to vacancies: the pipeline, its history and the messages around it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from sankofa.core.db.types import created_at_field, tz_field


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    VIEWED = "viewed"
    SHORTLISTED = "shortlisted"
    INTERVIEW = "interview"
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Application(SQLModel, table=True):
    """One returnee's application to one vacancy; applying shares the profile with that employer."""

    __table_args__ = (
        UniqueConstraint("vacancy_id", "profile_id", name="uq_application_vacancy_profile"),
        Index("ix_application_vacancy_status", "vacancy_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    vacancy_id: int = Field(foreign_key="vacancy.id", ondelete="CASCADE")
    profile_id: int = Field(foreign_key="returnee_profile.id", index=True, ondelete="CASCADE")
    status: str = Field(default=ApplicationStatus.SUBMITTED, max_length=12)
    message: str = Field(default="", max_length=4000)
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    # The employer's last move (a view, a status change or a message): untouched applications are flagged.
    employer_touched_at: datetime | None = tz_field()
    stale_flagged_at: datetime | None = tz_field()


class ApplicationEvent(SQLModel, table=True):
    """A status change, kept as history and shown to the returnee."""

    __tablename__ = "application_event"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    from_status: str | None = Field(default=None, max_length=12)
    to_status: str = Field(max_length=12)
    actor_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    note: str = Field(default="", max_length=2000)
    created_at: datetime = created_at_field()


class ApplicationMessage(SQLModel, table=True):
    """A message between the employer and the applicant about one application."""

    __tablename__ = "application_message"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="application.id", index=True, ondelete="CASCADE")
    sender_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    from_employer: bool
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = created_at_field()
    read_at: datetime | None = tz_field()
