"""Learning the ranking from outcomes: promotion only when it beats the active model, rollback in one command."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
from sqlmodel.ext.asyncio.session import AsyncSession

from matching.ranking.features import JOB_PROFILE_FEATURES
from sankofa.applications.models import Application
from sankofa.profiles.models import ReturneeProfile
from sankofa.ranking import learning as ranking_learning
from sankofa.ranking.models import RankingImpression
from tests.support.vacancies import make_employer, make_vacancy
from tests.support.web import make_user

DISTANCE = JOB_PROFILE_FEATURES.index("distance")


async def _history(db: AsyncSession, *, people: int, learnable: bool) -> None:
    """Each returnee was shown six vacancies; they applied to (and were hired by) the closest ones."""
    _, org = await make_employer(db)
    vacancies = [await make_vacancy(db, organisation=org, title=f"Soudeur {n}") for n in range(6)]
    rng = np.random.default_rng(1)
    for number in range(people):
        user = await make_user(db, email=f"r{number}@example.org")
        profile = ReturneeProfile(user_id=user.id)  # type: ignore[arg-type]
        db.add(profile)
        await db.flush()
        features = rng.random((6, len(JOB_PROFILE_FEATURES)))
        # What the cold start weighs most says nothing here; distance decides (or nothing does).
        order = np.argsort(-features[:, DISTANCE]) if learnable else rng.permutation(6)
        outcomes = {int(order[0]): "hired", int(order[1]): "interview"}
        for position, vacancy in enumerate(vacancies):
            assert vacancy.id is not None and profile.id is not None
            db.add(
                RankingImpression(
                    direction="jobs-for-profile",
                    query_id=profile.id,
                    item_id=vacancy.id,
                    position=position,
                    model_version="cold-start",
                    features=[float(v) for v in features[position]],
                )
            )
            if position in outcomes:
                db.add(Application(vacancy_id=vacancy.id, profile_id=profile.id, status=outcomes[position]))
    await db.commit()


async def test_a_model_that_beats_the_active_one_on_held_out_lists_is_promoted_and_can_be_rolled_back(
    db: AsyncSession,
) -> None:
    await _history(db, people=60, learnable=True)
    result = await ranking_learning.train(db)
    assert result.promoted, result.reason
    assert result.metrics["ndcg@10_held_out"] > result.metrics["ndcg@10_held_out_active"]
    active = await ranking_learning.active_model(db)
    assert active.version == result.version
    assert max(active.weights, key=lambda name: active.weights[name]) == "distance"
    assert await ranking_learning.rollback(db) == "cold-start"
    assert (await ranking_learning.active_model(db)).version == "cold-start"


async def test_too_little_outcome_data_keeps_the_cold_start(db: AsyncSession) -> None:
    await _history(db, people=5, learnable=True)
    result = await ranking_learning.train(db)
    assert not result.promoted and result.version is None
    assert "too little" in result.reason
    assert (await ranking_learning.active_model(db)).version == "cold-start"


async def test_the_ranking_command_lists_models_and_rolls_back(db: AsyncSession, settings) -> None:  # type: ignore[no-untyped-def]
    await _history(db, people=60, learnable=True)
    trained = await ranking_learning.train(db)
    await db.commit()
    env = {**os.environ, "SANKOFA_DATABASE_URL": settings.database_url}

    def sankofa(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "sankofa", *args], env=env, capture_output=True, text=True, timeout=120, check=True
        )
        return done.stdout

    assert f"{trained.version}" in sankofa("ranking", "models")
    assert "active model is now cold-start" in sankofa("ranking", "rollback")
    assert (await ranking_learning.active_model(db)).version == "cold-start"
