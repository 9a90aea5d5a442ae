"""What would help a returnee for whom no vacancy fits: skills to add, regions to widen, the profile to complete.

A recommendation needs evidence of fit (a shared skill or occupation), so an empty list is an honest answer; this
turns it into next steps. Skills come from the public vacancies nearest the returnee's occupation (same ISCO
unit group, else minor, else sub-major group), the most requested first; with no such vacancy, from what ESCO
lists as essential to the occupation. Regions are those where a vacancy would fit if the returnee could work
there: the same ranking without the distance limit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.organisations.models import Organisation
from sankofa.ranking.index import LiveIndex, term_space
from sankofa.reference import vocabulary
from sankofa.vacancies import visibility as vacancy_visibility
from sankofa.vacancies.models import Vacancy, VacancySkill

SKILLS = 6
REGIONS = 3
ISCO_LEVELS = (0, 1, 2)  # 4-digit unit group, then 3-digit minor group, then 2-digit sub-major group


@dataclass(frozen=True)
class SuggestedSkill:
    uri: str
    label: str
    vacancies: int  # public vacancies near the occupation asking for it; 0 when it comes from ESCO


@dataclass(frozen=True)
class SuggestedRegion:
    code: str
    label: str
    vacancies: int  # vacancies there that would fit


@dataclass(frozen=True)
class Advice:
    """Next steps when nothing fits (labels in the reader's language)."""

    skills: list[SuggestedSkill] = field(default_factory=list)
    skills_source: str = ""  # "vacancies" (asked near the occupation) | "occupation" (ESCO) | "" (none)
    occupation: str = ""  # label of the occupation the skills are for
    regions: list[SuggestedRegion] = field(default_factory=list)
    limited_by_regions: bool = False  # the returnee chose regions: widening them was checked
    has_occupation: bool = True


def _near(occupations: list[str], level: int) -> list[str]:
    """Occupation URIs sharing an ISCO group with `occupations` at `level` (0: 4 digits, 1: 3, 2: 2)."""
    isco = term_space().occupation_isco_
    codes = {isco[uri][level] for uri in occupations if uri in isco and isco[uri][level]}
    return [uri for uri, groups in isco.items() if groups[level] in codes]


async def _asked_near(session: AsyncSession, *, occupations: list[str], have: set[str]) -> list[tuple[str, int]]:
    """(skill, vacancies) most requested by public vacancies near the occupations, from the closest level."""
    vacancies = func.count(func.distinct(Vacancy.id))
    for level in ISCO_LEVELS:
        near = _near(occupations, level)
        if not near:
            continue
        query = (
            select(VacancySkill.skill_uri, vacancies)
            .join(Vacancy, col(Vacancy.id) == VacancySkill.vacancy_id)
            .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
            .where(vacancy_visibility.public_clause(), col(Vacancy.occupation_uri).in_(near))
            .group_by(col(VacancySkill.skill_uri))
            .order_by(vacancies.desc(), col(VacancySkill.skill_uri))
            .limit(SKILLS + len(have))
        )
        rows = [(uri, int(n)) for uri, n in (await session.exec(query)).all() if uri not in have]
        if rows:
            return rows[:SKILLS]
    return []


def _essential(occupation: str, have: set[str]) -> list[str]:
    """ESCO's essential skills of the occupation the returnee lacks, the most specific first."""
    space = term_space()
    relations = vocabulary.engine().taxonomy.occupation_skills.get(occupation, [])
    missing = [uri for uri, relation in relations if relation == "essential" and uri not in have]
    known = [uri for uri in missing if uri in space.skill_ids_]
    return sorted(known, key=lambda uri: -float(space.specificity_[space.skill_ids_[uri]]))[:SKILLS]


async def _regions(
    session: AsyncSession, *, live: LiveIndex, record: dict[str, Any], locale: str
) -> list[SuggestedRegion]:
    """Regions outside the returnee's reach where a public vacancy would fit."""
    ranked = await live.jobs_for({**record, "mobility_km": None}, k=200)
    if not ranked:
        return []
    rows = (
        await session.exec(
            select(Vacancy.region)
            .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
            .where(col(Vacancy.id).in_([int(r.id) for r in ranked]), vacancy_visibility.public_clause())
        )
    ).all()
    reach = {*record.get("regions", []), (record.get("location") or {}).get("region")}
    counts = Counter(region for region in rows if region and region not in reach)
    return [
        SuggestedRegion(code, vocabulary.place_label(f"region:{code}", locale=locale) or code, n)
        for code, n in counts.most_common(REGIONS)
    ]


async def advice_for(session: AsyncSession, *, live: LiveIndex, record: dict[str, Any], locale: str) -> Advice:
    """What would help the returnee whose ranking `record` (the profile as a query) matched nothing."""
    occupations = list(record.get("occupations", []))
    have = set(record.get("skills", []))
    asked = await _asked_near(session, occupations=occupations, have=have)
    source = "vacancies" if asked else ""
    if not asked and occupations:
        asked = [(uri, 0) for uri in _essential(occupations[0], have)]
        source = "occupation" if asked else ""
    skills = [SuggestedSkill(uri, vocabulary.skill_label(uri, locale) or uri, n) for uri, n in asked]
    limited = record.get("mobility_km") is not None
    return Advice(
        skills=skills,
        skills_source=source,
        occupation=(vocabulary.occupation_label(occupations[0], locale) or "") if occupations else "",
        regions=await _regions(session, live=live, record=record, locale=locale) if limited else [],
        limited_by_regions=limited,
        has_occupation=bool(occupations),
    )
