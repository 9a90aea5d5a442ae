"""Vacancies posted by employers, the skills they ask for, and reports of suspicious offers."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Computed, Date, Float, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlmodel import Field, SQLModel

from sankofa.core.db.types import created_at_field, tz_field

# Full-text configurations created by migration 0004: French and English stemming on unaccented words.
SEARCH_CONFIG_FR = "sankofa_fr"
SEARCH_CONFIG_EN = "sankofa_en"
# Both stemmings of the title (weight A) and the description (weight B): a returnee may search in either
# language whatever language the vacancy is written in.
SEARCH_VECTOR_SQL = (
    f"setweight(to_tsvector('{SEARCH_CONFIG_FR}'::regconfig, coalesce(title, '')), 'A') || "
    f"setweight(to_tsvector('{SEARCH_CONFIG_EN}'::regconfig, coalesce(title, '')), 'A') || "
    f"setweight(to_tsvector('{SEARCH_CONFIG_FR}'::regconfig, left(coalesce(description, ''), 20000)), 'B') || "
    f"setweight(to_tsvector('{SEARCH_CONFIG_EN}'::regconfig, left(coalesce(description, ''), 20000)), 'B')"
)


class VacancyStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"
    REMOVED = "removed"  # taken down by a moderator


class WorkMode(StrEnum):
    ON_SITE = "on_site"
    HYBRID = "hybrid"
    REMOTE = "remote"


class SalaryPeriod(StrEnum):
    HOUR = "hour"
    MONTH = "month"
    YEAR = "year"


class ReportStatus(StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"
    ACTIONED = "actioned"  # the vacancy was removed or the employer suspended


def _date() -> Any:
    return Field(default=None, sa_column=Column(Date, nullable=True))


class Vacancy(SQLModel, table=True):
    """A job offer. Public (searchable) only while published and its organisation is verified."""

    __table_args__ = (
        UniqueConstraint("organisation_id", "external_ref", name="uq_vacancy_org_external_ref"),
        Index("ix_vacancy_status_published_at", "status", "published_at"),
        # No search index here: every search reads `VacancySearch` and its indexes (migrations 0013, 0013d).
    )

    id: int | None = Field(default=None, primary_key=True)
    public_id: uuid.UUID = Field(default_factory=uuid.uuid4, unique=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="CASCADE")
    created_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    # The employer's own reference (HR system id, CSV column): re-imports update the row that carries it.
    external_ref: str | None = Field(default=None, max_length=100)
    title: str = Field(max_length=200)
    occupation_uri: str | None = Field(default=None, foreign_key="esco_occupation.uri", max_length=120, index=True)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    sector: str | None = Field(default=None, max_length=30, index=True)
    # Required languages, ISO 639 codes.
    languages: list[str] = Field(
        default_factory=list, sa_column=Column(ARRAY(String), nullable=False, server_default="{}")
    )
    country: str | None = Field(default=None, max_length=2, index=True)
    region: str | None = Field(default=None, foreign_key="region.code", max_length=20, index=True)
    city_id: int | None = Field(default=None, foreign_key="city.geonameid")
    # Where the job is (the city's, else the region's largest city): distance filters need no join.
    lat: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    lon: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    work_mode: str = Field(default=WorkMode.ON_SITE, max_length=10)
    contract_type: str | None = Field(default=None, max_length=20, index=True)
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str | None = Field(default=None, max_length=3)
    salary_period: str = Field(default=SalaryPeriod.MONTH, max_length=10)
    positions: int = 1
    start_date: date | None = _date()
    deadline: date | None = _date()
    # "Hiring before return": candidates still in the host country are welcome.
    open_to_abroad: bool = False
    status: str = Field(default=VacancyStatus.DRAFT, max_length=10)
    # Hash of the imported values: an unchanged row in a re-upload is skipped, a changed one updated.
    content_hash: str | None = Field(default=None, max_length=64)
    # Hash of the file row this content was last imported from (`fields.source_hash`): a re-upload skips the same
    # row without parsing it again. Any other write of the content clears it.
    source_hash: str | None = Field(default=None, max_length=64)
    published_at: datetime | None = tz_field()
    closed_at: datetime | None = tz_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = created_at_field()
    search_vector: str | None = Field(
        default=None, sa_column=Column(TSVECTOR, Computed(SEARCH_VECTOR_SQL, persisted=True), nullable=True)
    )


class VacancySearch(SQLModel, table=True):
    """The job search's document of a published vacancy: only what a search filters, ranks and orders by.

    Written by the trigger of migration 0013 alone (a row exists exactly while its vacancy is published), read by
    `sankofa.search.jobs`; its indexes are raw SQL in that migration (GIN on the facets, the words and the title's
    trigrams; a covering index for newest first).
    """

    __tablename__ = "vacancy_search"

    vacancy_id: int = Field(foreign_key="vacancy.id", primary_key=True, ondelete="CASCADE")
    organisation_id: int
    published_at: datetime | None = tz_field()
    deadline: date | None = _date()
    lat: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    lon: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    salary_currency: str | None = Field(default=None, max_length=3)
    salary_top: int | None = None
    facets: list[str] = Field(default_factory=list, sa_column=Column(ARRAY(Text), nullable=False))
    title_plain: str = Field(sa_column=Column(Text, nullable=False))
    title_vector: str = Field(sa_column=Column(TSVECTOR, nullable=False))
    search_vector: str | None = Field(default=None, sa_column=Column(TSVECTOR, nullable=True))


class VacancySkill(SQLModel, table=True):
    """A skill the vacancy asks for: required (essential) or optional (a plus)."""

    __tablename__ = "vacancy_skill"

    vacancy_id: int = Field(foreign_key="vacancy.id", primary_key=True, ondelete="CASCADE")
    skill_uri: str = Field(foreign_key="esco_skill.uri", primary_key=True, max_length=120, index=True)
    required: bool = True


class VacancyReport(SQLModel, table=True):
    """Anyone may report a vacancy (fake offer, trafficking, discrimination); moderators work the queue."""

    __tablename__ = "vacancy_report"

    id: int | None = Field(default=None, primary_key=True)
    vacancy_id: int = Field(foreign_key="vacancy.id", index=True, ondelete="CASCADE")
    reporter_user_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    reason: str = Field(max_length=30)
    details: str = Field(default="", max_length=2000)
    status: str = Field(default=ReportStatus.OPEN, max_length=10, index=True)
    created_at: datetime = created_at_field()
    resolved_at: datetime | None = tz_field()
    resolved_by_id: int | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    resolution_note: str = Field(default="", max_length=2000)
