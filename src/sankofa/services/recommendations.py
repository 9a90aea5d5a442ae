"""Ranked recommendations with their reasons: vacancies for a returnee, candidates for an employer's vacancy.

The live index ranks; this module loads what was ranked, applies the rules of who may see what (public
vacancies only; profiles through `profile_view` with the viewer's allowed groups), relabels skills in the
reader's language, and records what was shown (impressions), since only shown items may count as negatives
when the ranker learns from outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from matching.ranking.ranker import Ranked
from sankofa.db.models import Organisation, User
from sankofa.db.profiles import ReturneeProfile
from sankofa.db.ranking import RankingImpression
from sankofa.db.vacancies import Vacancy
from sankofa.errors import NotFound
from sankofa.i18n import gettext as _
from sankofa.services import profile_view, ranking_records, vacancies, vacancy_visibility, visibility, vocabulary
from sankofa.services.candidates import NAMED
from sankofa.services.ranking_index import LiveIndex
from sankofa.services.vacancy_fields import place_id_of
from sankofa.services.visibility import Viewer

JOBS_SHOWN = 20
CANDIDATES_SHOWN = 30


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


@dataclass(frozen=True)
class JobRecommendation:
    vacancy: Vacancy
    organisation: Organisation
    score: float
    reasons: Reasons
    place: str | None  # where the job is, labelled in the reader's language


@dataclass(frozen=True)
class JobsForYou:
    """The returnee's recommendations page: whether they have a profile yet, and the ranked vacancies."""

    has_profile: bool
    results: list[JobRecommendation]


@dataclass(frozen=True)
class CandidateRecommendation:
    card: dict[str, Any]
    score: float
    reasons: Reasons


def reasons_of(ranked: Ranked, *, locale: str) -> Reasons:
    explanation = ranked.explanation
    labels = factor_labels()

    def label(item: dict[str, Any]) -> str:
        return vocabulary.skill_label(item["uri"], locale) or item["label"]

    total = sum(f["contribution"] for f in explanation.get("factors", [])) or 1.0
    return Reasons(
        matched=[{"label": label(s), "validated": s["validated"]} for s in explanation.get("matched_skills", [])],
        missing=[{"label": label(s), "trainable": s["trainable"]} for s in explanation.get("missing_skills", [])],
        optional=[label(s) for s in explanation.get("matched_optional_skills", [])],
        factors=[
            {"label": labels.get(f["factor"], f["factor"]), "percent": round(100 * f["contribution"] / total)}
            for f in explanation.get("factors", [])
        ],
        distance_km=explanation.get("distance_km"),
    )


async def _record_impressions(
    session: AsyncSession, *, direction: str, query_id: int, ranked: list[Ranked], model_version: str
) -> None:
    now = datetime.now(UTC)
    session.add_all(
        [
            RankingImpression(
                direction=direction,
                query_id=query_id,
                item_id=int(r.id),
                position=position,
                model_version=model_version,
                features=list(r.features),
                shown_at=now,
            )
            for position, r in enumerate(ranked)
        ]
    )
    await session.commit()


async def jobs_for(session: AsyncSession, *, live: LiveIndex, user: User, locale: str) -> JobsForYou:
    """The vacancies that fit the returnee best, each with its reasons; none without a profile."""
    profile = (await session.exec(select(ReturneeProfile).where(ReturneeProfile.user_id == user.id))).one_or_none()
    if profile is None or profile.id is None:
        return JobsForYou(has_profile=False, results=[])
    record = await ranking_records.profile_record(session, profile.id, as_query=True)
    if record is None:
        return JobsForYou(has_profile=True, results=[])
    ranked = live.jobs_for(record, k=JOBS_SHOWN * 2)
    ids = [int(r.id) for r in ranked]
    rows = {
        v.id: (v, o)
        for v, o in (
            await session.exec(
                select(Vacancy, Organisation)
                .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
                .where(col(Vacancy.id).in_(ids), vacancy_visibility.public_clause())
            )
        ).all()
    }
    shown = [r for r in ranked if int(r.id) in rows][:JOBS_SHOWN]
    if shown:
        version = shown[0].explanation.get("model", "")
        await _record_impressions(
            session, direction="jobs-for-profile", query_id=profile.id, ranked=shown, model_version=version
        )
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
    )


def _place_label(vacancy: Vacancy, *, locale: str) -> str | None:
    place_id = place_id_of(vacancy)
    return vocabulary.place_label(place_id, locale=locale) if place_id else None


async def candidates_for(
    session: AsyncSession,
    *,
    live: LiveIndex,
    viewer: Viewer,
    vacancy_public_id: str,
    locale: str,
    ip: str | None = None,
) -> tuple[Vacancy, list[CandidateRecommendation]]:
    """Ranked candidates for one of the viewer's organisation's vacancies, as the viewer may see them.

    Raises:
        NotFound: no such vacancy in the viewer's organisation (other organisations' vacancies do not exist here).
    """
    if viewer.org_id is None:
        raise NotFound(_("This vacancy does not exist."))
    vacancy = await vacancies.get_own(session, organisation_id=viewer.org_id, public_id=vacancy_public_id)
    assert vacancy.id is not None
    # A draft or closed vacancy still gets candidates for its employer; it just does not rank for returnees.
    record = await ranking_records.vacancy_record(session, vacancy.id, public_only=False)
    if record is None:
        raise NotFound(_("This vacancy does not exist."))
    ranked = live.profiles_for(record, k=CANDIDATES_SHOWN * 2)
    profiles = {
        p.id: p
        for p in (
            await session.exec(select(ReturneeProfile).where(col(ReturneeProfile.id).in_([int(r.id) for r in ranked])))
        ).all()
    }
    results: list[CandidateRecommendation] = []
    shown: list[Ranked] = []
    logged = False
    for r in ranked:
        profile = profiles.get(int(r.id))
        if profile is None:
            continue
        groups = await visibility.allowed_groups(session, profile=profile, viewer=viewer)
        if not groups:
            continue
        card = await profile_view.build(session, profile=profile, groups=groups, locale=locale)
        if groups & NAMED:
            await visibility.log_view(session, profile=profile, viewer=viewer, groups=groups, ip=ip, context="ranked")
            logged = True
        results.append(CandidateRecommendation(card=card, score=r.score, reasons=reasons_of(r, locale=locale)))
        shown.append(r)
        if len(results) == CANDIDATES_SHOWN:
            break
    if logged:
        await session.commit()
    if shown:
        version = shown[0].explanation.get("model", "")
        await _record_impressions(
            session, direction="profiles-for-job", query_id=vacancy.id, ranked=shown, model_version=version
        )
    return vacancy, results
