"""Consents returnees give partners, and the data-sharing agreements that say which field groups a partner sees."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date, Index, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from sankofa.core.db.types import created_at_field, tz_field


def _codes() -> Any:
    return Field(default_factory=list, sa_column=Column(ARRAY(String), nullable=False, server_default="{}"))


def _date() -> Any:
    return Field(default=None, sa_column=Column(Date, nullable=True))


class PartnerConsent(SQLModel, table=True):
    """The returnee allows a reintegration partner organisation to see their profile (as its agreement allows)."""

    __tablename__ = "partner_consent"

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="returnee_profile.id", index=True, ondelete="CASCADE")
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    granted_at: datetime = created_at_field()
    revoked_at: datetime | None = tz_field()

    __table_args__ = (
        Index(
            "uq_partner_consent_active",
            "profile_id",
            "organisation_id",
            unique=True,
            postgresql_where=Column("revoked_at").is_(None),
        ),
    )


class DataSharingAgreement(SQLModel, table=True):
    """What a partner organisation may see of consenting returnees: field groups, for a period."""

    __tablename__ = "data_sharing_agreement"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    field_groups: list[str] = _codes()  # identity, contact, return, professional, pay, needs
    valid_from: date = Field(sa_column=Column(Date, nullable=False))
    valid_until: date | None = _date()
    reference: str = Field(default="", max_length=200)
    created_at: datetime = created_at_field()
