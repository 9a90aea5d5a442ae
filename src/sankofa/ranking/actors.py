"""Ranking actors: keep the stored records current (and, through them, every process's index)."""

from __future__ import annotations

import logging

import dramatiq

from sankofa.jobs import runtime
from sankofa.jobs.unbound import unbound
from sankofa.ranking import index as ranking_index
from sankofa.ranking import learning as ranking_learning
from sankofa.ranking import upkeep as ranking_upkeep
from sankofa.ranking.models import ItemKind

logger = logging.getLogger(__name__)


@dramatiq.actor(actor_name="ranking.refresh", broker=unbound, max_retries=5, min_backoff=1_000)
async def refresh(kind: str, item_id: int) -> None:
    """Rebuild one vacancy's or profile's record (idempotent: the latest database state wins)."""
    async with runtime.session() as session:
        await ranking_index.refresh(session, kind=ItemKind(kind), item_id=item_id)


@dramatiq.actor(actor_name="ranking.refresh_many", broker=unbound, max_retries=5, min_backoff=1_000)
async def refresh_many(kind: str, item_ids: list[int]) -> None:
    """Rebuild many records in one transaction (a bulk import's batch)."""
    async with runtime.session() as session:
        await ranking_index.refresh_many(session, kind=ItemKind(kind), item_ids=item_ids)


@dramatiq.actor(actor_name="ranking.reconcile", broker=unbound, max_retries=3)
async def reconcile() -> None:
    """Refresh records older than their vacancy or profile (a safety net for lost or failed refreshes)."""
    async with runtime.session() as session:
        await ranking_upkeep.reconcile(session)


@dramatiq.actor(actor_name="ranking.train", broker=unbound, max_retries=1, time_limit=3_600_000)
async def train() -> None:
    """Learn from recent outcomes; the new model is promoted only if it beats the active one on held-out lists."""
    async with runtime.session() as session:
        result = await ranking_learning.train(session)
    logger.info("ranking.train: %s (%s) %s", result.version or "no model", result.reason, result.metrics)
