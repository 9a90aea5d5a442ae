"""`sankofa audit fairness` on the demo population: exposure and top-10 rates by gender and age band."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.ranking import fairness
from sankofa.ranking import upkeep as ranking_upkeep
from sankofa.seed_population import seed_population
from tests.support.vacancies import make_employer, make_vacancy


async def _population(db: AsyncSession) -> None:
    assert await seed_population(db, password="demo-password-123") == 36
    _, org = await make_employer(db)
    for title, location in (
        ("Soudeur", "Thiès"),
        ("Comptable", "Dakar"),
        ("Développeur web", "Casablanca"),
        ("Cuisinier", "Bamako"),
        ("Plombier", "Conakry"),
    ):
        await make_vacancy(db, organisation=org, title=title, location=location, description="")
    # Factories write rows directly: store their ranking records as the worker would (what `sankofa seed` does).
    await ranking_upkeep.reconcile(db)


async def test_the_audit_reports_every_gender_and_age_group_with_ratios(db: AsyncSession) -> None:
    await _population(db)
    report = await fairness.audit(db, k=10)
    assert report.people == 36 and report.vacancies == 5
    genders = {g.group: g for g in report.groups if g.attribute == "gender"}
    ages = {g.group for g in report.groups if g.attribute == "age"}
    assert set(genders) == {"female", "male"}
    assert genders["female"].people == genders["male"].people == 18
    assert ages >= {"25-34", "35-44", "45-54", "55+"}
    assert max(g.exposure_ratio for g in report.groups if g.attribute == "gender") == 1.0
    assert all(0 <= g.exposure_ratio <= 1 and 0 <= g.top_k_rate <= 1 for g in report.groups)
    assert sum(g.mean_exposure * g.people for g in genders.values()) > 0


async def test_the_audit_command_prints_the_table(db: AsyncSession, settings) -> None:  # type: ignore[no-untyped-def]
    await _population(db)
    done = subprocess.run(
        [sys.executable, "-m", "sankofa", "audit", "fairness"],
        env={**os.environ, "SANKOFA_DATABASE_URL": settings.database_url},
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    assert "Fairness audit: 36 visible returnees ranked for 5 public vacancies" in done.stdout
    assert "female" in done.stdout and "55+" in done.stdout
