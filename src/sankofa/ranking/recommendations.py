"""Ranked recommendations with their reasons: vacancies for a returnee (the employer's side: `ranked_candidates`).

The live index ranks, and only what shows evidence of fit (a shared skill, the same occupation or one of its
family) is ever ranked; this module loads what was ranked, keeps public vacancies only, relabels skills in the
reader's language, pages the list, and records what was shown (impressions), since only shown items may count as
negatives when the ranker learns from outcomes. When nothing fits, `recommendation_advice` says what would help.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from matching.ranking.ranker import Ranked
from sankofa.core.i18n import gettext as _
from sankofa.identity.models import User
from sankofa.organisations.models import Organisation
from sankofa.profiles.models import ReturneeProfile
from sankofa.ranking import advice as recommendation_advice
from sankofa.ranking import records as ranking_records
from sankofa.ranking.advice import Advice
from sankofa.ranking.index import LiveIndex
from sankofa.ranking.models import RankingImpression
from sankofa.reference import vocabulary
from sankofa.vacancies import visibility as vacancy_visibility
from sankofa.vacancies.fields import place_id_of
from sankofa.vacancies.models import Vacancy

PER_PAGE = 20
MAX_PER_PAGE = 50
MAX_JOBS = 200  # ranked at most; beyond, a returnee searches /jobs


def factor_labels() -> dict[str, str]:
    return {
        "required_skills": _("Required skills"),
        "optional_skills": _("Optional skills"),
        "validated_skills": _("Validated skills"),
        "occupation": _("Occupation"),
        "text": _("Words of the offer and the profile"),
        "languages": _("Languages"),
        "distance": _("Distance"),
        "preferences": _("Preferred regions and sectors"),
        "pay": _("Pay"),
        "freshness": _("Recently published"),
        "response_rate": _("Employer answers applications"),
        "experience": _("Years of experience"),
    }


@dataclass(frozen=True)
class Reasons:
    """Why a result is where it is, ready to show (labels in the reader's language)."""

    matched: list[dict[str, Any]] = field(default_factory=list)  # {label, validated}
    missing: list[dict[str, Any]] = field(default_factory=list)  # {label, trainable}
    optional: list[str] = field(default_factory=list)
    factors: list[dict[str, Any]] = field(default_factory=list)  # {label, percent}
    distance_km: float | None = None
    match: int | None = None  # the score as a percentage of the best the model can give (see Ranker.match)


@dataclass(frozen=True)
class JobRecommendation:
    vacancy: Vacancy
    organisation: Organisation
    score: float
    reasons: Reasons
    place: str | None  # where the job is, labelled in the reader's language


@dataclass(frozen=True)
class JobsForYou:
    """The returnee's recommendations page: one page of ranked vacancies, or what would help when none fits."""

    has_profile: bool
    results: list[JobRecommendation]
    profile_id: str = ""  # public id, for links to the profile editor
    page: int = 1
    pages: int = 1
    total: int = 0
    advice: Advice | None = None


def reasons_of(ranked: Ranked, *, locale: str) -> Reasons:
    explanation = ranked.explanation
    labels = factor_labels()

    def label(item: dict[str, Any]) -> str:
        return vocabulary.skill_label(item["uri"], locale) or item["label"]

    total = sum(f["contribution"] for f in explanation.get("factors", [])) or 1.0
    match = explanation.get("match")
    return Reasons(
        matched=[{"label": label(s), "validated": s["validated"]} for s in explanation.get("matched_skills", [])],
        missing=[{"label": label(s), "trainable": s["trainable"]} for s in explanation.get("missing_skills", [])],
        optional=[label(s) for s in explanation.get("matched_optional_skills", [])],
        factors=[
            {"label": labels.get(f["factor"], f["factor"]), "percent": round(100 * f["contribution"] / total)}
            for f in explanation.get("factors", [])
        ],
        distance_km=explanation.get("distance_km"),
        match=round(100 * match) if match is not None else None,
    )


def page_bounds(total: int, *, page: int, per_page: int) -> tuple[int, int, int]:
    """(page, pages, offset) with `page` brought within 1..pages (a page past the end shows the last one)."""
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    return page, pages, (page - 1) * per_page


async def record_impressions(
    session: AsyncSession, *, direction: str, query_id: int, ranked: list[Ranked], start: int = 0
) -> None:
    """Store what was shown, with its position in the whole list (`start` is the page's first position)."""
    if not ranked:
        return
    now = datetime.now(UTC)
    version = ranked[0].explanation.get("model", "")
    session.add_all(
        [
            RankingImpression(
                direction=direction,
                query_id=query_id,
                item_id=int(r.id),
                position=position,
                model_version=version,
                features=list(r.features),
                shown_at=now,
            )
            for position, r in enumerate(ranked, start=start)
        ]
    )


async def jobs_for(
    session: AsyncSession,
    *,
    live: LiveIndex,
    user: User,
    locale: str,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> JobsForYou:
    """One page of the vacancies that fit the returnee, each with its reasons; advice when none fits."""
    profile = (await session.exec(select(ReturneeProfile).where(ReturneeProfile.user_id == user.id))).one_or_none()
    if profile is None or profile.id is None:
        return JobsForYou(has_profile=False, results=[])
    record = await ranking_records.profile_record(session, profile.id, as_query=True)
    if record is None:
        return JobsForYou(has_profile=True, results=[], profile_id=str(profile.public_id))
    ranked = await live.jobs_for(record, k=MAX_JOBS)
    rows = {
        v.id: (v, o)
        for v, o in (
            await session.exec(
                select(Vacancy, Organisation)
                .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
                .where(col(Vacancy.id).in_([int(r.id) for r in ranked]), vacancy_visibility.public_clause())
            )
        ).all()
    }
    public = [r for r in ranked if int(r.id) in rows]
    if not public:
        advice = await recommendation_advice.advice_for(session, live=live, record=record, locale=locale)
        return JobsForYou(has_profile=True, results=[], profile_id=str(profile.public_id), advice=advice)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page, pages, offset = page_bounds(len(public), page=page, per_page=per_page)
    shown = public[offset : offset + per_page]
    await record_impressions(session, direction="jobs-for-profile", query_id=profile.id, ranked=shown, start=offset)
    return JobsForYou(
        has_profile=True,
        results=[
            JobRecommendation(
                *rows[int(r.id)],
                score=r.score,
                reasons=reasons_of(r, locale=locale),
                place=_place_label(rows[int(r.id)][0], locale=locale),
            )
            for r in shown
        ],
        profile_id=str(profile.public_id),
        page=page,
        pages=pages,
        total=len(public),
    )


def _place_label(vacancy: Vacancy, *, locale: str) -> str | None:
    place_id = place_id_of(vacancy)
    return vocabulary.place_label(place_id, locale=locale) if place_id else None
