"""Reference data loaded by `sankofa taxonomy load`: ESCO occupations and skills, countries, regions, cities."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Float, Index, String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from sankofa.core.db.types import json_field, tz_field


def _labels() -> Any:
    return Field(default_factory=list, sa_column=Column(ARRAY(String), nullable=False, server_default="{}"))


class EscoOccupation(SQLModel, table=True):
    __tablename__ = "esco_occupation"

    uri: str = Field(primary_key=True, max_length=120)
    code: str = Field(max_length=40, index=True)
    isco_group: str = Field(max_length=10, index=True)
    label_en: str
    label_fr: str
    alt_labels_en: list[str] = _labels()
    alt_labels_fr: list[str] = _labels()
    description_en: str = ""
    description_fr: str = ""


class EscoSkill(SQLModel, table=True):
    __tablename__ = "esco_skill"

    uri: str = Field(primary_key=True, max_length=120)
    skill_type: str = Field(max_length=40)
    reuse_level: str = Field(max_length=40)
    label_en: str
    label_fr: str
    alt_labels_en: list[str] = _labels()
    alt_labels_fr: list[str] = _labels()
    description_en: str = ""


class EscoOccupationSkill(SQLModel, table=True):
    """Which skills an occupation needs (essential) or may use (optional)."""

    __tablename__ = "esco_occupation_skill"

    occupation_uri: str = Field(foreign_key="esco_occupation.uri", primary_key=True, max_length=120)
    skill_uri: str = Field(foreign_key="esco_skill.uri", primary_key=True, max_length=120)
    relation: str = Field(max_length=10)

    __table_args__ = (Index("ix_esco_occupation_skill_skill", "skill_uri"),)


class EscoGroup(SQLModel, table=True):
    """ISCO groups (occupations) and ESCO skill groups."""

    __tablename__ = "esco_group"

    uri: str = Field(primary_key=True, max_length=120)
    kind: str = Field(max_length=10)  # "isco" or "skill"
    code: str = Field(default="", max_length=20)
    label_en: str
    label_fr: str
    level: int = 0


class Country(SQLModel, table=True):
    iso2: str = Field(primary_key=True, max_length=2)
    iso3: str = Field(max_length=3)
    name_en: str
    name_fr: str
    name_ar: str


class Region(SQLModel, table=True):
    """First-level division (GeoNames admin1); lat/lon are those of its largest city."""

    code: str = Field(primary_key=True, max_length=20)
    country_code: str = Field(foreign_key="country.iso2", max_length=2, index=True)
    name: str
    name_ascii: str
    lat: float | None = Field(default=None, sa_column=Column(Float, nullable=True))
    lon: float | None = Field(default=None, sa_column=Column(Float, nullable=True))


class City(SQLModel, table=True):
    geonameid: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    name: str
    country_code: str = Field(foreign_key="country.iso2", max_length=2, index=True)
    region_code: str | None = Field(default=None, max_length=20, index=True)
    lat: float = Field(sa_column=Column(Float, nullable=False))
    lon: float = Field(sa_column=Column(Float, nullable=False))
    population: int = 0
    alternate_names: list[str] = _labels()


class ReferenceVersion(SQLModel, table=True):
    """Which version of each reference dataset is loaded, when, with row counts."""

    __tablename__ = "reference_version"

    name: str = Field(primary_key=True, max_length=20)
    version: str = Field(max_length=40)
    loaded_at: datetime = tz_field(nullable=False)
    counts: dict[str, Any] = json_field()
