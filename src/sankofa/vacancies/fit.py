"""How a vacancy fits a returnee until the ranking engine lands: the skills matched and missing.

The score is the share of the vacancy's skills the returnee's profile has, a required skill counting double.
`FIT_SCORE_SQL` is the same score in SQL, so `sort=fit` in job search orders by what the fit block shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core.i18n import get_locale
from sankofa.identity.models import Role, User
from sankofa.profiles.models import ProfileSkill, ReturneeProfile
from sankofa.reference import vocabulary
from sankofa.vacancies.models import Vacancy, VacancySkill

REQUIRED_WEIGHT = 2
OPTIONAL_WEIGHT = 1
# Score of the vacancy `{vacancy}` for profile `:profile_id` (0 when it lists no skills); used by job search.
FIT_SCORE_SQL = f"""coalesce((
    SELECT sum(CASE WHEN ps.id IS NULL THEN 0 WHEN vs.required THEN {REQUIRED_WEIGHT} ELSE {OPTIONAL_WEIGHT} END)::float
           / nullif(sum(CASE WHEN vs.required THEN {REQUIRED_WEIGHT} ELSE {OPTIONAL_WEIGHT} END), 0)
    FROM vacancy_skill vs
    LEFT JOIN profile_skill ps ON ps.profile_id = :profile_id AND ps.skill_uri = vs.skill_uri
    WHERE vs.vacancy_id = {{vacancy}}), 0)"""


@dataclass(frozen=True)
class Fit:
    """Skill overlap between a returnee's profile and one vacancy; labels in the interface language."""

    matched_required: list[str] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    matched_optional: list[str] = field(default_factory=list)
    score: float = 0.0  # share of the vacancy's skills the returnee has (required count double)
    optional_total: int = 0

    @property
    def required_total(self) -> int:
        return len(self.matched_required) + len(self.missing_required)

    @property
    def has_skills(self) -> bool:
        return bool(self.required_total or self.optional_total)


async def profile_id_of(session: AsyncSession, *, user: User | None) -> int | None:
    """The returnee's profile id; None for anyone else or a returnee without a profile."""
    if user is None or user.role != Role.RETURNEE or user.id is None:
        return None
    result = await session.exec(select(ReturneeProfile.id).where(ReturneeProfile.user_id == user.id))
    return result.first()


async def fits_for(
    session: AsyncSession, *, user: User | None, vacancies: Sequence[Vacancy], profile_id: int | None = None
) -> dict[int, Fit]:
    """Fit of each vacancy (by id) for `user`'s profile; empty for anyone but a returnee with a profile.

    One query for all the vacancies (a results page), whatever their number; `profile_id`, when the caller already
    looked it up for `user`, saves the lookup.
    """
    if profile_id is None:
        profile_id = await profile_id_of(session, user=user)
    ids = [v.id for v in vacancies if v.id is not None]
    if profile_id is None or not ids:
        return {}
    rows = await session.exec(
        select(VacancySkill.vacancy_id, VacancySkill.skill_uri, VacancySkill.required, ProfileSkill.id)
        .outerjoin(
            ProfileSkill,
            and_(col(ProfileSkill.profile_id) == profile_id, col(ProfileSkill.skill_uri) == VacancySkill.skill_uri),
        )
        .where(col(VacancySkill.vacancy_id).in_(ids))
        .order_by(col(VacancySkill.vacancy_id), col(VacancySkill.skill_uri))
    )
    locale = get_locale()
    parts: dict[int, dict[str, list[str]]] = {i: {"mr": [], "xr": [], "mo": [], "xo": []} for i in ids}
    for vacancy_id, uri, required, has in rows.all():
        label = vocabulary.skill_label(uri, locale) or uri
        key = ("m" if has is not None else "x") + ("r" if required else "o")
        parts[vacancy_id][key].append(label)
    fits = {}
    for vacancy_id, p in parts.items():
        total = REQUIRED_WEIGHT * (len(p["mr"]) + len(p["xr"])) + OPTIONAL_WEIGHT * (len(p["mo"]) + len(p["xo"]))
        have = REQUIRED_WEIGHT * len(p["mr"]) + OPTIONAL_WEIGHT * len(p["mo"])
        fits[vacancy_id] = Fit(
            matched_required=sorted(p["mr"]),
            missing_required=sorted(p["xr"]),
            matched_optional=sorted(p["mo"]),
            score=round(have / total, 3) if total else 0.0,
            optional_total=len(p["mo"]) + len(p["xo"]),
        )
    return fits
