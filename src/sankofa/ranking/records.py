"""Vacancies and profiles as the ranking engine's records (plain dicts of the `matching rank` contract).

Built in the worker from the database; stored in `ranking_item` so every web process can rebuild its index
after a restart without the text engine. Only what may rank is recorded: gender, age, nationality and return
status are never copied (fairness), and hidden profiles or non-public vacancies become tombstones.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.organisations.models import Organisation
from sankofa.profiles.models import Experience, ProfileLanguage, ProfileSkill, ReturneeProfile
from sankofa.reference import vocabulary
from sankofa.vacancies import visibility as vacancy_visibility
from sankofa.vacancies.models import Vacancy, VacancySkill, WorkMode

COMMUTE_KM = 50


def _location(*, city_id: int | None, region: str | None, country: str | None) -> dict[str, Any]:
    place_id = f"city:{city_id}" if city_id else f"region:{region}" if region else None
    place = vocabulary.place(place_id) if place_id else None
    return {
        "country": country or (place.country if place else None),
        "region": region or (place.region if place else None),
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
    }


async def vacancy_record(session: AsyncSession, vacancy_id: int, *, public_only: bool = True) -> dict[str, Any] | None:
    """The vacancy as a record, or None when it must not rank (not published, organisation not verified, expired).

    With ``public_only=False`` any vacancy gets a record: its employer may look for candidates before publishing.
    """
    row = (
        await session.exec(
            select(Vacancy, Organisation)
            .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
            .where(Vacancy.id == vacancy_id)
        )
    ).one_or_none()
    if row is None:
        return None
    vacancy, organisation = row
    if public_only and not vacancy_visibility.is_public(vacancy, organisation):
        return None
    skills = (await session.exec(select(VacancySkill).where(VacancySkill.vacancy_id == vacancy_id))).all()
    published = vacancy.published_at or vacancy.created_at
    return {
        "id": str(vacancy.id),
        "title": vacancy.title,
        "description": vacancy.description[:4000],
        "occupation": vacancy.occupation_uri,
        "required_skills": [s.skill_uri for s in skills if s.required],
        "optional_skills": [s.skill_uri for s in skills if not s.required],
        "languages": list(vacancy.languages),
        "location": _location(city_id=vacancy.city_id, region=vacancy.region, country=vacancy.country),
        "remote": vacancy.work_mode == WorkMode.REMOTE,
        "sector": vacancy.sector,
        "salary_max": vacancy.salary_max or vacancy.salary_min,
        "published_at": published.isoformat(),
        "organisation_id": organisation.id,
    }


async def profile_record(session: AsyncSession, profile_id: int, *, as_query: bool = False) -> dict[str, Any] | None:
    """The profile as a record, or None when the returnee does not want to be found by employers.

    With ``as_query`` the record is built whatever the visibility: the returnee's own recommendations.
    """
    profile = await session.get(ReturneeProfile, profile_id)
    if profile is None or profile.erased_at is not None or (not profile.visible_to_employers and not as_query):
        return None
    skills = (await session.exec(select(ProfileSkill).where(ProfileSkill.profile_id == profile_id))).all()
    languages = (await session.exec(select(ProfileLanguage).where(ProfileLanguage.profile_id == profile_id))).all()
    experiences = (await session.exec(select(Experience).where(Experience.profile_id == profile_id))).all()
    occupations = list(
        dict.fromkeys([*profile.desired_occupations, *(e.occupation_uri for e in experiences if e.occupation_uri)])
    )
    titles = [e.title for e in experiences]
    return {
        "id": str(profile.id),
        "title": " / ".join(titles[:2]),
        "summary": profile.summary[:4000],
        "occupations": occupations,
        "skills": [s.skill_uri for s in skills],
        "validated_skills": [s.skill_uri for s in skills if s.validated_at is not None],
        "languages": [language.language for language in languages],
        "location": _location(
            city_id=profile.origin_city_id, region=profile.origin_region, country=profile.origin_country
        ),
        # "Regions where you can work" is the returnee's own limit: jobs there, or within commuting distance of
        # home, or remote. No regions chosen means no limit.
        "mobility_km": COMMUTE_KM if profile.mobility_regions else None,
        "regions": list(profile.mobility_regions),
        "sectors": list(profile.sectors),
        "experience_years": sum(e.years or 0 for e in experiences),
        "expected_pay": profile.expected_pay,
    }
