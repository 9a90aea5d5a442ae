"""Returnee profiles: what every match starts from, and contact between employers and returnees."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Date, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from sankofa.core.db.types import created_at_field, json_field, tz_field


def _codes() -> Any:
    return Field(default_factory=list, sa_column=Column(ARRAY(String), nullable=False, server_default="{}"))


def _date() -> Any:
    return Field(default=None, sa_column=Column(Date, nullable=True))


class ReturnStatus(StrEnum):
    PLANNING = "planning"  # still in the host country
    RETURNED = "returned"


class Acquired(StrEnum):
    """Where a skill or an experience was acquired."""

    HOST = "host"
    ORIGIN = "origin"
    OTHER = "other"


class SkillLevel(StrEnum):
    BASIC = "basic"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"
    EXPERT = "expert"


class ReturneeProfile(SQLModel, table=True):
    """One per returnee account. Visibility flags are the returnee's choices; defaults are the least visible."""

    __tablename__ = "returnee_profile"

    id: int | None = Field(default=None, primary_key=True)
    public_id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    user_id: int = Field(foreign_key="user.id", unique=True, ondelete="CASCADE")
    # Identity and contact (hidden from employers until the returnee applies or accepts contact).
    full_name: str = Field(default="", max_length=160)
    contact_email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=40)
    gender: str | None = Field(default=None, max_length=20)
    birth_year: int | None = None
    nationality: str | None = Field(default=None, max_length=2)
    # Return.
    return_status: str | None = Field(default=None, max_length=20)
    host_country: str | None = Field(default=None, max_length=2)
    expected_return_on: date | None = _date()
    returned_on: date | None = _date()
    # Where and what.
    origin_country: str | None = Field(default=None, max_length=2)
    origin_region: str | None = Field(default=None, foreign_key="region.code", max_length=20)
    origin_city_id: int | None = Field(default=None, foreign_key="city.geonameid")
    mobility_regions: list[str] = _codes()
    desired_occupations: list[str] = _codes()
    sectors: list[str] = _codes()
    contract_types: list[str] = _codes()
    available_from: date | None = _date()
    expected_pay: int | None = None
    pay_currency: str | None = Field(default=None, max_length=3)
    needs: list[str] = _codes()
    summary: str = Field(default="", max_length=4000)
    # Choices about visibility.
    visible_to_employers: bool = True
    disclose_return_status: bool = False
    show_pay_to_employers: bool = False
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    # The account was deleted: the row is blanked and kept only as the target of the applications (privacy.py).
    erased_at: datetime | None = tz_field()


class ProfileLanguage(SQLModel, table=True):
    __tablename__ = "profile_language"
    __table_args__ = (UniqueConstraint("profile_id", "language"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="returnee_profile.id", index=True, ondelete="CASCADE")
    language: str = Field(max_length=8)  # ISO 639-1/3 code
    level: str = Field(max_length=8)  # A1..C2 or "native"


class Education(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="returnee_profile.id", index=True, ondelete="CASCADE")
    level: str = Field(max_length=20)
    title: str = Field(max_length=200)
    institution: str = Field(default="", max_length=200)
    country: str | None = Field(default=None, max_length=2)
    year: int | None = None


class Experience(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="returnee_profile.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=200)
    occupation_uri: str | None = Field(default=None, foreign_key="esco_occupation.uri", max_length=120)
    description: str = Field(default="", max_length=50_000)
    country: str | None = Field(default=None, max_length=2)
    acquired: str = Field(default=Acquired.HOST, max_length=10)
    years: float | None = None
    created_at: datetime = created_at_field()


class Certification(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="returnee_profile.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    issuer: str = Field(default="", max_length=200)
    year: int | None = None


class ProfileSkill(SQLModel, table=True):
    """A skill on a profile: self-declared, or validated by a partner caseworker (who, when, evidence)."""

    __tablename__ = "profile_skill"
    __table_args__ = (UniqueConstraint("profile_id", "skill_uri"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="returnee_profile.id", index=True, ondelete="CASCADE")
    skill_uri: str = Field(foreign_key="esco_skill.uri", max_length=120, index=True)
    level: str = Field(default=SkillLevel.INTERMEDIATE, max_length=20)
    acquired: str = Field(default=Acquired.HOST, max_length=10)
    source: str = Field(default="declared", max_length=20)  # declared | suggested (accepted from the engine)
    validated_at: datetime | None = tz_field()
    validated_by_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    validated_by_organisation_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL")
    evidence: str = Field(default="", max_length=2000)
    created_at: datetime = created_at_field()


class ContactRequest(SQLModel, table=True):
    """An employer asks to see who is behind an anonymous profile; the returnee accepts or declines."""

    __tablename__ = "contact_request"
    __table_args__ = (UniqueConstraint("profile_id", "organisation_id"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="returnee_profile.id", index=True, ondelete="CASCADE")
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    requested_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    message: str = Field(default="", max_length=2000)
    status: str = Field(default="pending", max_length=10)  # pending | accepted | declined
    created_at: datetime = created_at_field()
    decided_at: datetime | None = tz_field()


class ContactGrant(SQLModel, table=True):
    """An organisation may see identity and contact: the returnee applied to it or accepted its request."""

    __tablename__ = "contact_grant"
    __table_args__ = (UniqueConstraint("profile_id", "organisation_id"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="returnee_profile.id", index=True, ondelete="CASCADE")
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    reason: str = Field(max_length=20)  # applied | accepted_request
    granted_at: datetime = created_at_field()


class ProfileRevision(SQLModel, table=True):
    """Who changed which part of a profile: the returnee, or a caseworker helping them (recorded as such)."""

    __tablename__ = "profile_revision"

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="returnee_profile.id", index=True, ondelete="CASCADE")
    editor_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    editor_organisation_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL")
    section: str = Field(max_length=30)
    changes: dict[str, Any] = json_field()
    at: datetime = created_at_field()
