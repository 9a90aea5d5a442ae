"""Learning the ranking from outcomes: training, held-out comparison, promotion and one-command rollback.

Training data are impressions (what was shown, with the features it was scored on) graded by what happened
next: for a returnee's list, applying and how far the application went; for an employer's list, how far the
application went (rejected counts as shown-not-chosen). Only shown items are negatives. A new model is promoted
only if it beats the active one on a held-out split of queries; otherwise it is kept as a candidate.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

import anyio
import numpy as np
from sqlalchemy import text
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from matching.ranking.model import FEATURES, LinearModel, fit_pairwise
from sankofa.core.db.engine import run_sql
from sankofa.ranking.models import ModelStatus, RankingModel

FAMILY = "job-profile"
DAYS = 180
MIN_QUERIES = 20
HOLD_OUT = 0.2
GRADE = {
    "jobs-for-profile": {
        "submitted": 1,
        "viewed": 1,
        "withdrawn": 1,
        "rejected": 1,
        "shortlisted": 2,
        "interview": 3,
        "offer": 4,
        "hired": 4,
    },
    "profiles-for-job": {"submitted": 1, "viewed": 1, "shortlisted": 2, "interview": 3, "offer": 4, "hired": 4},
}
# Impressions joined with what happened: the application (if any) of that profile to that vacancy.
OUTCOMES = """
    SELECT i.direction, i.query_id, i.item_id, i.features, a.status
    FROM ranking_impression i
    LEFT JOIN application a ON
        (i.direction = 'jobs-for-profile' AND a.profile_id = i.query_id AND a.vacancy_id = i.item_id)
        OR (i.direction = 'profiles-for-job' AND a.vacancy_id = i.query_id AND a.profile_id = i.item_id)
    WHERE i.shown_at >= :since AND jsonb_array_length(i.features) = :width
"""


@dataclass(frozen=True)
class TrainingResult:
    """What a training run did, for the log and the command line."""

    version: str | None
    promoted: bool
    queries: int
    metrics: dict[str, float]
    reason: str


def _held_out(direction: str, query_id: int) -> bool:
    digest = hashlib.sha256(f"{direction}:{query_id}".encode()).digest()
    return digest[0] < 256 * HOLD_OUT


async def outcome_groups(
    session: AsyncSession, *, since: datetime
) -> tuple[list[tuple[np.ndarray, np.ndarray]], list[tuple[np.ndarray, np.ndarray]]]:
    """(train, held-out) groups of (features, grades), one per query that had at least one positive outcome."""
    width = len(FEATURES[FAMILY])
    rows = (await run_sql(session, text(OUTCOMES), {"since": since, "width": width})).all()
    by_query: dict[tuple[str, int], dict[int, tuple[list[float], int]]] = {}
    for row in rows:
        direction, query_id, item_id, features, status = tuple(row)
        grade = GRADE.get(direction, {}).get(status or "", 0)
        items = by_query.setdefault((direction, query_id), {})
        best = items.get(item_id)
        if best is None or grade > best[1]:
            items[item_id] = (features, grade)
    train: list[tuple[np.ndarray, np.ndarray]] = []
    held: list[tuple[np.ndarray, np.ndarray]] = []
    for (direction, query_id), items in sorted(by_query.items()):
        grades = np.array([g for _, g in items.values()], dtype=float)
        if grades.max() == grades.min():
            continue  # nothing to learn from a list where every item had the same outcome
        group = (np.array([f for f, _ in items.values()], dtype=float), grades)
        (held if _held_out(direction, query_id) else train).append(group)
    return train, held


def ndcg_at_10(model: LinearModel, groups: list[tuple[np.ndarray, np.ndarray]]) -> float:
    """Mean NDCG@10 of the model's order of each group's items (gains 2^grade - 1)."""
    values = []
    for features, grades in groups:
        order = np.argsort(-model.score(features), kind="stable")[:10]
        discounts = 1 / np.log2(np.arange(2, 12))
        dcg = float(((2 ** grades[order] - 1) * discounts[: len(order)]).sum())
        ideal = np.sort(grades)[::-1][:10]
        idcg = float(((2**ideal - 1) * discounts[: len(ideal)]).sum())
        values.append(dcg / idcg if idcg else 0.0)
    return float(np.mean(values)) if values else 0.0


async def active_model(session: AsyncSession) -> LinearModel:
    """The promoted model of the family, or the hand-set cold start."""
    row = (
        await session.exec(
            select(RankingModel).where(RankingModel.family == FAMILY, RankingModel.status == ModelStatus.ACTIVE)
        )
    ).first()
    if row is None:
        return LinearModel.cold_start(FAMILY)
    return LinearModel(family=FAMILY, weights=dict(row.weights), version=row.version, metrics=dict(row.metrics))


async def train(session: AsyncSession, *, now: datetime | None = None, seed: int = 0) -> TrainingResult:
    """Fit a model on recent outcomes; promote it only if it beats the active model on held-out queries."""
    now = now or datetime.now(UTC)
    train_groups, held_groups = await outcome_groups(session, since=now - timedelta(days=DAYS))
    queries = len(train_groups) + len(held_groups)
    if len(train_groups) < MIN_QUERIES or not held_groups:
        reason = (
            f"too little outcome data ({queries} informative lists; {MIN_QUERIES} needed): keeping the active model"
        )
        return TrainingResult(None, False, queries, {}, reason)
    version = now.strftime("%Y%m%d-%H%M%S")
    # CPU work (a logistic regression): in a worker thread, so the worker's event loop keeps serving other jobs.
    candidate = await anyio.to_thread.run_sync(partial(fit_pairwise, FAMILY, train_groups, version=version, seed=seed))
    current = await active_model(session)
    metrics = {
        "ndcg@10_held_out": round(ndcg_at_10(candidate, held_groups), 4),
        "ndcg@10_held_out_active": round(ndcg_at_10(current, held_groups), 4),
        "train_lists": len(train_groups),
        "held_out_lists": len(held_groups),
    }
    candidate.metrics = metrics
    promoted = metrics["ndcg@10_held_out"] > metrics["ndcg@10_held_out_active"]
    if promoted:
        await _retire_active(session)
    session.add(
        RankingModel(
            family=FAMILY,
            version=version,
            weights=candidate.weights,
            metrics=metrics,
            status=ModelStatus.ACTIVE if promoted else ModelStatus.CANDIDATE,
            promoted_at=now if promoted else None,
        )
    )
    await session.flush()
    verdict = "promoted" if promoted else f"kept as a candidate: the active model ({current.version}) is as good"
    return TrainingResult(version, promoted, queries, metrics, verdict)


async def _retire_active(session: AsyncSession) -> None:
    for row in (
        await session.exec(
            select(RankingModel).where(RankingModel.family == FAMILY, RankingModel.status == ModelStatus.ACTIVE)
        )
    ).all():
        row.status = ModelStatus.RETIRED
        session.add(row)


async def rollback(session: AsyncSession) -> str:
    """Retire the active model and reactivate the one promoted before it (or the cold start). Returns the version."""
    history = list(
        (
            await session.exec(
                select(RankingModel)
                .where(RankingModel.family == FAMILY, col(RankingModel.promoted_at).is_not(None))
                .order_by(col(RankingModel.promoted_at).desc())
            )
        ).all()
    )
    active = next((m for m in history if m.status == ModelStatus.ACTIVE), None)
    if active is None:
        return "cold-start"
    active.status = ModelStatus.RETIRED
    session.add(active)
    previous = next(
        (m for m in history if m.promoted_at and active.promoted_at and m.promoted_at < active.promoted_at), None
    )
    if previous is not None:
        previous.status = ModelStatus.ACTIVE
        session.add(previous)
    await session.flush()
    return previous.version if previous else "cold-start"


async def models(session: AsyncSession) -> list[RankingModel]:
    return list(
        (
            await session.exec(
                select(RankingModel).where(RankingModel.family == FAMILY).order_by(col(RankingModel.created_at).desc())
            )
        ).all()
    )
