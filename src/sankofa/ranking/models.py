"""What the ranking engine needs to survive restarts and to learn: indexed records, models, impressions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Sequence, UniqueConstraint
from sqlmodel import Field, SQLModel

from sankofa.core.db.types import created_at_field, json_field, tz_field

# Every change to an indexed record takes the next number: web processes follow this feed to update their
# in-memory indexes within seconds, without rebuilding them.
RANKING_SEQ = Sequence("ranking_item_seq")


class ItemKind(StrEnum):
    VACANCY = "vacancy"
    PROFILE = "profile"


class ModelStatus(StrEnum):
    CANDIDATE = "candidate"  # trained, did not beat the active model
    ACTIVE = "active"
    RETIRED = "retired"


class RankingItem(SQLModel, table=True):
    """A vacancy or profile as the engine sees it (skills and occupations already linked), or a tombstone."""

    __tablename__ = "ranking_item"
    __table_args__ = (UniqueConstraint("kind", "item_id", name="uq_ranking_item_kind_item"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    item_id: int
    seq: int = Field(sa_column=Column(BigInteger, RANKING_SEQ, nullable=False, index=True))
    active: bool = True  # False: removed from the index (unpublished, hidden, deleted)
    record: dict[str, Any] = json_field()
    updated_at: datetime = created_at_field()


class RankingModel(SQLModel, table=True):
    """A scoring model with its offline metrics; exactly one active per family."""

    __tablename__ = "ranking_model"

    id: int | None = Field(default=None, primary_key=True)
    family: str = Field(max_length=20, index=True)
    version: str = Field(max_length=40, unique=True)
    weights: dict[str, Any] = json_field()
    metrics: dict[str, Any] = json_field()
    status: str = Field(default=ModelStatus.CANDIDATE, max_length=10)
    created_at: datetime = created_at_field()
    promoted_at: datetime | None = tz_field()


class RankingImpression(SQLModel, table=True):
    """An item shown to someone in a ranked list: only shown items count as negatives when learning."""

    __tablename__ = "ranking_impression"
    __table_args__ = (Index("ix_ranking_impression_query", "direction", "query_id", "item_id"),)

    id: int | None = Field(default=None, sa_column=Column(BigInteger, primary_key=True, autoincrement=True))
    direction: str = Field(max_length=24)
    query_id: int
    item_id: int
    position: int
    model_version: str = Field(max_length=40)
    # The stage-two features when shown: the model learns from what it saw, not from today's data.
    features: list[float] = json_field(default=list)
    shown_at: datetime = created_at_field()
