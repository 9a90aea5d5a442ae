"""Organisations (employers, partners, authorities, funds), their members, invitations and API keys."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from sankofa.core.db.types import created_at_field, tz_field


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


class ApiKey(SQLModel, table=True):
    """A secret an organisation's system sends as `Authorization: Bearer`; only its hash is stored."""

    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=100)
    prefix: str = Field(max_length=12)  # shown in lists so people can tell keys apart
    key_hash: str = Field(max_length=64, unique=True)
    created_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    last_used_at: datetime | None = tz_field()
    revoked_at: datetime | None = tz_field()
