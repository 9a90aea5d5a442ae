"""Fairness audit of the candidate ranking: who gets seen by employers, by gender and age band.

For every public vacancy, the returnees ranked in its top k are "exposed" (weighted 1/log2(1 + rank)). The report
gives, per group, the mean exposure per person and the share of people who reach at least one top-k list, with
the ratio of each group's figure to the best-served group's (1.0 = parity; the four-fifths rule flags < 0.8).
Gender and age are read here only, from the profiles, after ranking: they are never features.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any

import anyio
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from matching.ranking.model import LinearModel
from matching.ranking.ranker import Ranker
from sankofa.organisations.models import Organisation
from sankofa.profiles.models import ReturneeProfile
from sankofa.ranking import learning as ranking_learning
from sankofa.ranking.index import job_of, profile_of, term_space
from sankofa.ranking.models import ItemKind, RankingItem
from sankofa.reference import vocabulary
from sankofa.vacancies import visibility as vacancy_visibility
from sankofa.vacancies.models import Vacancy

AGE_BANDS = ((0, 25, "<25"), (25, 35, "25-34"), (35, 45, "35-44"), (45, 55, "45-54"), (55, 200, "55+"))


@dataclass(frozen=True)
class GroupFigures:
    attribute: str
    group: str
    people: int
    mean_exposure: float
    top_k_rate: float
    exposure_ratio: float
    top_k_ratio: float


@dataclass(frozen=True)
class FairnessReport:
    vacancies: int
    people: int
    k: int
    groups: list[GroupFigures]


def age_band(birth_year: int | None, *, year: int) -> str:
    if birth_year is None:
        return "unknown"
    age = year - birth_year
    return next(label for low, high, label in AGE_BANDS if low <= age < high)


def _figures(
    attribute: str, members: dict[str, list[int]], exposure: dict[int, float], hits: dict[int, int]
) -> list[GroupFigures]:
    raw = []
    for group, people in sorted(members.items()):
        mean = sum(exposure.get(p, 0.0) for p in people) / len(people)
        rate = sum(1 for p in people if hits.get(p)) / len(people)
        raw.append((group, len(people), mean, rate))
    best_mean = max((m for _, _, m, _ in raw), default=0.0) or 1.0
    best_rate = max((r for _, _, _, r in raw), default=0.0) or 1.0
    return [
        GroupFigures(
            attribute, group, n, round(mean, 4), round(rate, 4), round(mean / best_mean, 3), round(rate / best_rate, 3)
        )
        for group, n, mean, rate in raw
    ]


def _exposure(
    records: list[dict[str, Any]], vacancies: list[dict[str, Any]], *, model: LinearModel, k: int
) -> tuple[dict[int, float], dict[int, int]]:
    """Exposure (sum of 1/log2(1 + rank)) and top-k appearances of each profile over every vacancy's list."""
    ranker = Ranker("profiles-for-job", space=term_space(), taxonomy=vocabulary.engine().taxonomy, model=model)
    ranker.index([profile_of(r) for r in records])
    exposure: dict[int, float] = defaultdict(float)
    hits: dict[int, int] = defaultdict(int)
    for record in vacancies:
        for rank, result in enumerate(ranker.rank(job_of(record), k=k, explain=False), start=1):
            exposure[int(result.id)] += 1 / math.log2(1 + rank)
            hits[int(result.id)] += 1
    return exposure, hits


async def audit(session: AsyncSession, *, k: int = 10) -> FairnessReport:
    """Rank every indexed returnee for every public vacancy and report exposure by gender and age band."""
    # The records the live index ranks (stored by the worker), so the audit sees what returnees and employers see.
    items = (await session.exec(select(RankingItem).where(col(RankingItem.active)))).all()
    public = set(
        (
            await session.exec(
                select(Vacancy.id)
                .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
                .where(col(Vacancy.id).in_([i.item_id for i in items if i.kind == ItemKind.VACANCY]))
                .where(vacancy_visibility.public_clause())
            )
        ).all()
    )
    vacancies = [i.record for i in items if i.kind == ItemKind.VACANCY and i.item_id in public]
    records = [i.record for i in items if i.kind == ItemKind.PROFILE]
    profiles = list(
        (await session.exec(select(ReturneeProfile).where(col(ReturneeProfile.visible_to_employers)))).all()
    )
    model = await ranking_learning.active_model(session)
    # Ranking every vacancy is CPU work: in a worker thread, off the event loop.
    exposure, hits = await anyio.to_thread.run_sync(partial(_exposure, records, vacancies, model=model, k=k))
    year = datetime.now(UTC).year
    by_gender: dict[str, list[int]] = defaultdict(list)
    by_age: dict[str, list[int]] = defaultdict(list)
    for profile in profiles:
        assert profile.id is not None
        by_gender[profile.gender or "undisclosed"].append(profile.id)
        by_age[age_band(profile.birth_year, year=year)].append(profile.id)
    groups = _figures("gender", by_gender, exposure, hits) + _figures("age", by_age, exposure, hits)
    return FairnessReport(vacancies=len(vacancies), people=len(profiles), k=k, groups=groups)


def format_report(report: FairnessReport) -> str:
    lines = [
        f"Fairness audit: {report.people} visible returnees ranked for {report.vacancies} public vacancies "
        f"(top {report.k})",
        f"{'attribute':<10} {'group':<12} {'people':>6} {'exposure':>9} {'ratio':>6} {'top-k rate':>10} {'ratio':>6}",
    ]
    for g in report.groups:
        flag = "  < 0.8" if min(g.exposure_ratio, g.top_k_ratio) < 0.8 else ""
        lines.append(
            f"{g.attribute:<10} {g.group:<12} {g.people:>6} {g.mean_exposure:>9.3f} {g.exposure_ratio:>6.2f} "
            f"{g.top_k_rate:>10.2f} {g.top_k_ratio:>6.2f}{flag}"
        )
    lines.append("exposure: mean of 1/log2(1 + rank) over top-k lists; ratio: to the best-served group (1.00 = parity)")
    return "\n".join(lines)
