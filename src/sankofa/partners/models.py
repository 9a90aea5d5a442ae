"""Reintegration measures partners' caseworkers record for a returnee."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Date
from sqlmodel import Field, SQLModel

from sankofa.core.db.types import created_at_field


def _date() -> Any:
    return Field(default=None, sa_column=Column(Date, nullable=True))


class ReintegrationMeasure(SQLModel, table=True):
    """Support a returnee received (training, grant, job placement…), recorded by a partner: monitoring history."""

    __tablename__ = "reintegration_measure"

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="returnee_profile.id", index=True, ondelete="CASCADE")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", ondelete="SET NULL")
    recorded_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    kind: str = Field(max_length=30)
    description: str = Field(default="", max_length=2000)
    started_on: date = Field(sa_column=Column(Date, nullable=False))
    ended_on: date | None = _date()
    amount: int | None = None
    currency: str | None = Field(default=None, max_length=3)
    created_at: datetime = created_at_field()
