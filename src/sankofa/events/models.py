"""Events run by local authorities (job fairs, B2B meetings, forums), their sessions, seat categories, questions,
co-organisers and registrations.

Capacity lives in PostgreSQL: `event_category.taken` counts the seats held (registered, pending approval, offered
to someone from the waiting list), a CHECK keeps it between 0 and the quota, and every change of it happens under
the category row's lock (`sankofa.events.seats`). One registration per person per event (UNIQUE), and per
organisation for employers and partners.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Column, Float, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from sankofa.core.db.types import created_at_field, json_field, tz_field


class EventKind(StrEnum):
    JOB_FAIR = "job_fair"
    NETWORKING = "networking"  # B2B meetings
    INVESTMENT_FORUM = "investment_forum"
    INFORMATION = "information"


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class RegistrationMode(StrEnum):
    OPEN = "open"  # a free seat is a confirmed registration
    VALIDATED = "validated"  # a free seat is held until the organiser approves or rejects


class CategoryKind(StrEnum):
    """Who a seat is for; each is the role of the account that registers."""

    RETURNEE = "returnee"
    EMPLOYER = "employer"
    INVESTOR = "investor"
    PARTNER = "partner"


class RegistrationStatus(StrEnum):
    PENDING = "pending"  # holds a seat, waits for the organiser (validated events)
    REGISTERED = "registered"
    WAITLISTED = "waitlisted"
    OFFERED = "offered"  # a freed seat is held for this person until `offer_expires_at`
    CANCELLED = "cancelled"
    REJECTED = "rejected"
    DECLINED = "declined"  # turned down an offer
    EXPIRED = "expired"  # let an offer pass


SEAT_HOLDING = frozenset({RegistrationStatus.PENDING, RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED})
ACTIVE = SEAT_HOLDING | {RegistrationStatus.WAITLISTED}


def _codes() -> Any:
    return Field(default_factory=list, sa_column=Column(ARRAY(String), nullable=False, server_default="{}"))


def _ids() -> Any:
    return Field(default_factory=list, sa_column=Column(ARRAY(Integer), nullable=False, server_default="{}"))


class Event(SQLModel, table=True):
    """An event of a verified local authority; public while published, its page stays (cancelled) afterwards."""

    __table_args__ = (Index("ix_event_status_starts_at", "status", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    public_id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    created_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    kind: str = Field(max_length=20)
    status: str = Field(default=EventStatus.DRAFT, max_length=10)
    # Title and description per language ({"fr": ..., "en": ..., "ar": ...}); at least one title.
    title: dict[str, str] = json_field()
    description: dict[str, str] = json_field()
    online: bool = False
    online_url: str | None = Field(default=None, max_length=300)
    venue_name: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    map_url: str | None = Field(default=None, max_length=500)
    country: str | None = Field(default=None, max_length=2, index=True)
    region: str | None = Field(default=None, foreign_key="region.code", max_length=20, index=True)
    city_id: int | None = Field(default=None, foreign_key="city.geonameid")
    lat: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    lon: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    timezone: str = Field(default="Africa/Dakar", max_length=40)
    # First session's start and last session's end: what listings sort and filter by.
    starts_at: datetime | None = tz_field()
    ends_at: datetime | None = tz_field()
    registration_opens_at: datetime | None = tz_field()
    registration_closes_at: datetime | None = tz_field()
    registration_mode: str = Field(default=RegistrationMode.OPEN, max_length=10)
    # Hours a person offered a freed seat has to take it.
    offer_hours: int = 48
    # What a returnee's registration shares with the organisers (`sankofa.events.sharing.FIELDS`).
    shared_fields: list[str] = _codes()
    # Raised on every change registrants are told about: the SEQUENCE of the calendar entries they received.
    sequence: int = 0
    cancel_reason: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    published_at: datetime | None = tz_field()
    cancelled_at: datetime | None = tz_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()


class EventCoOrganiser(SQLModel, table=True):
    """A verified partner organisation that co-organises: its members manage the event like the authority's."""

    __tablename__ = "event_co_organiser"

    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True, index=True, ondelete="CASCADE")


class EventSession(SQLModel, table=True):
    """A block of the event (a morning, a day) cut into meeting slots of `slot_minutes` with `break_minutes`
    between them."""

    __tablename__ = "event_session"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    position: int = 0
    name: str = Field(default="", max_length=120)
    starts_at: datetime = tz_field(nullable=False)
    ends_at: datetime = tz_field(nullable=False)
    slot_minutes: int = 20
    break_minutes: int = 5


class EventCategory(SQLModel, table=True):
    """Seats for one kind of participant; `taken` is only ever changed under this row's lock."""

    __tablename__ = "event_category"
    __table_args__ = (
        UniqueConstraint("event_id", "kind", name="uq_event_category_kind"),
        CheckConstraint("taken >= 0 AND taken <= quota", name="ck_event_category_taken_within_quota"),
        CheckConstraint("quota >= 0", name="ck_event_category_quota"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20)
    quota: int = 0
    taken: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})


class EventQuestion(SQLModel, table=True):
    """A question the organiser asks every registrant (answers are shared with the organisers)."""

    __tablename__ = "event_question"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    position: int = 0
    label: str = Field(max_length=300)
    required: bool = False


class EventRegistration(SQLModel, table=True):
    """One participant of an event: a person, and for employers and partners their organisation.

    Later steps (meeting requests, agendas, check-in) hang off this row: its category, the employer's booth,
    the vacancies it presents, the investor's interests.
    """

    __tablename__ = "event_registration"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_event_registration_person"),
        Index(
            "uq_event_registration_organisation",
            "event_id",
            "organisation_id",
            unique=True,
            postgresql_where=text("organisation_id IS NOT NULL"),
        ),
        # The waiting list, in the order seats are offered.
        Index("ix_event_registration_queue", "category_id", "status", "priority", "waitlisted_at"),
        Index("ix_event_registration_offer_expiry", "offer_expires_at", postgresql_where=text("status = 'offered'")),
    )

    id: int | None = Field(default=None, primary_key=True)
    public_id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    category_id: int = Field(foreign_key="event_category.id", index=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="CASCADE")
    status: str = Field(default=RegistrationStatus.WAITLISTED, max_length=12)
    # Higher first on the waiting list, then the earliest `waitlisted_at`.
    priority: int = 0
    waitlisted_at: datetime | None = tz_field()
    offered_at: datetime | None = tz_field()
    offer_expires_at: datetime | None = tz_field()
    # The returnee's consent: when, and exactly which fields (of the event's set) the organisers see.
    consented_at: datetime | None = tz_field()
    shared_fields: list[str] = _codes()
    answers: dict[str, str] = json_field()
    booth_wish: str = Field(default="", max_length=300)
    representative_ids: list[int] = _ids()
    vacancy_ids: list[int] = _ids()
    interest_sectors: list[str] = _codes()
    interest_regions: list[str] = _codes()
    # Raised on every change the registrant is mailed about (the SEQUENCE of their calendar entry).
    sequence: int = 0
    decided_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    cancelled_at: datetime | None = tz_field()
