"""Jobs near the visitor for the home page: a returnee's regions, else a country hint, else the newest anywhere.

Built on the job search (`job_search.build` keeps the public rule in one place): the same vacancies a search for
that place shows, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import choices
from sankofa.identity.models import Role, User
from sankofa.profiles.models import ReturneeProfile
from sankofa.reference import vocabulary
from sankofa.search import jobs as job_search
from sankofa.search.jobs import JobHit
from sankofa.search.params import SearchParams

HOME_JOBS = 6


@dataclass(frozen=True)
class Nearby:
    """Where the visitor is looking, as far as we can tell: the place ids tried in order, best first."""

    regions: tuple[str, ...] = ()  # region codes ("SN.01")
    country: str | None = None  # ISO 3166-1 alpha-2


@dataclass(frozen=True)
class NearbyJobs:
    """The home page's jobs and what they are near (`place` None: the newest anywhere).

    With several regions (a returnee's region of return and those they can work in), `place` is the first one.
    """

    hits: list[JobHit]
    place: str | None  # a place id for /jobs?place=…: "region:SN.01" or "country:SN"
    place_label: str | None
    total: int  # jobs matching where they were looked for (all regions of the returnee)


def country_hint(accept_language: str | None) -> str | None:
    """The first country of a language tag that names one we hold places for ("fr-SN,fr;q=0.9" → "SN")."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip()
        bits = tag.replace("_", "-").split("-")
        for bit in bits[1:]:
            code = bit.upper()
            if len(code) == 2 and code.isalpha() and vocabulary.place_label(f"country:{code}", locale="en"):
                return code
    return None


def countries_with_places() -> list[str]:
    """Codes of the countries Sankofa holds places for, sorted by their name in the interface language."""
    return [code for code in choices.countries() if vocabulary.place_label(f"country:{code}", locale="en")]


def chosen_place(value: str | None) -> Nearby | None:
    """A place the visitor picked on the home page ("region:SN.01" or "country:SN"); None if unknown."""
    if not value or vocabulary.place_label(value, locale="en") is None:
        return None
    kind, _, code = value.partition(":")
    if kind == "region":
        return Nearby(regions=(code,), country=vocabulary.place(value).country)
    if kind == "country":
        return Nearby(country=code)
    return None


async def of_returnee(session: AsyncSession, *, user: User | None) -> Nearby | None:
    """A returnee's region of return and the regions they can work in; None for anyone else or no region."""
    if user is None or user.id is None or user.role != Role.RETURNEE:
        return None
    profile = (await session.exec(select(ReturneeProfile).where(ReturneeProfile.user_id == user.id))).first()
    if profile is None:
        return None
    regions = tuple(dict.fromkeys(code for code in [profile.origin_region, *profile.mobility_regions] if code))
    if not regions and not profile.origin_country:
        return None
    return Nearby(regions=regions, country=profile.origin_country)


async def _newest(session: AsyncSession, *, facets: list[str], locale: str, limit: int) -> tuple[list[JobHit], int]:
    query = job_search.build(SearchParams())
    query.any_facets = facets
    found = await job_search.find(session, query=query, sort="date", limit=limit)
    return await job_search.load_hits(session, ids=found.ids, locale=locale), found.total


async def jobs_near(session: AsyncSession, *, near: Nearby | None, locale: str, limit: int = HOME_JOBS) -> NearbyJobs:
    """The newest public jobs in the visitor's regions, else their country, else anywhere.

    Args:
        session: database session.
        near: where the visitor is (their regions first); None for no hint.
        locale: language of the place labels.
        limit: how many jobs to show.

    Returns:
        The jobs, the place they were found in (for a "see all" search link) and how many that place has.
    """
    attempts: list[tuple[str, list[str]]] = []
    if near and near.regions:
        attempts.append((f"region:{near.regions[0]}", [job_search.facet(job_search.REGION, r) for r in near.regions]))
    if near and near.country:
        attempts.append((f"country:{near.country}", [job_search.facet(job_search.COUNTRY, near.country)]))
    for place, facets in attempts:
        hits, total = await _newest(session, facets=facets, locale=locale, limit=limit)
        if hits:
            label = vocabulary.place_label(place, locale=locale)
            return NearbyJobs(hits=hits, place=place if label else None, place_label=label, total=total)
    hits, total = await _newest(session, facets=[], locale=locale, limit=limit)
    return NearbyJobs(hits=hits, place=None, place_label=None, total=total)
