"""Job search for returnees: French/English full text, trigram typo tolerance, filters, sorts, capped counts.

The SQL is written by hand: text-search configurations, trigram operators and the distance maths read more
plainly than their ORM spellings, and `EXPLAIN ANALYZE` shows exactly what runs (see benchmarks/bench_search.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications import lifecycle as applications
from sankofa.core.db.engine import run_sql
from sankofa.identity.models import User
from sankofa.organisations.models import Organisation
from sankofa.reference import geo_sql, vocabulary
from sankofa.search.params import COUNT_CAP, DEFAULT_CITY_RADIUS_KM, PER_PAGE, SearchParams
from sankofa.vacancies import fit as vacancy_fit
from sankofa.vacancies import visibility as vacancy_visibility
from sankofa.vacancies.fit import Fit
from sankofa.vacancies.models import SEARCH_CONFIG_EN, SEARCH_CONFIG_FR, Vacancy

# sort=fit re-sorts the best FIT_POOL vacancies by relevance (or date) by skill overlap: scoring every match of
# a broad search would read the skills of thousands of vacancies; the ranking issue replaces this.
FIT_POOL = 500
# Titles within this word similarity of the query match even when no stem does ("sodeur" → "Soudeur").
TYPO_THRESHOLD = 0.5
TYPO_MIN_LENGTH = 4
UNACCENTED_TITLE = "sankofa_unaccent(v.title)"
TSQUERY = f"(websearch_to_tsquery('{SEARCH_CONFIG_FR}', :q) || websearch_to_tsquery('{SEARCH_CONFIG_EN}', :q))"


@dataclass(frozen=True)
class JobHit:
    """One result as the page and the API show it."""

    vacancy: Vacancy
    employer: str
    place_label: str | None
    fit: Fit | None = None
    rate: applications.ResponseRate | None = None


@dataclass(frozen=True)
class SearchResult:
    """One page of results and how many there are in all (capped at COUNT_CAP)."""

    params: SearchParams
    hits: list[JobHit]
    total: int
    capped: bool
    sort: str
    can_fit: bool
    pages: int = 1
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class _Query:
    where: list[str]
    args: dict[str, Any]
    rank: str | None = None


def _around(query: _Query, *, lat: float, lon: float, radius_km: float) -> None:
    """Within `radius_km` of (lat, lon): a bounding box first (cheap comparisons), then the haversine distance."""
    lat0, lat1, lon0, lon1 = geo_sql.bounding_box(lat, lon, radius_km)
    query.where.append("v.lat BETWEEN :lat0 AND :lat1 AND v.lon BETWEEN :lon0 AND :lon1")
    query.where.append(f"{geo_sql.haversine_sql(':lat', ':lon', 'v.lat', 'v.lon')} <= :radius")
    query.args.update(lat=lat, lon=lon, radius=float(radius_km), lat0=lat0, lat1=lat1, lon0=lon0, lon1=lon1)


def _place(query: _Query, params: SearchParams) -> None:
    place = vocabulary.place(params.place)
    kind = params.place.partition(":")[0]
    radius = params.radius_km or (DEFAULT_CITY_RADIUS_KM if kind == "city" else None)
    if radius and place.lat is not None and place.lon is not None:
        _around(query, lat=place.lat, lon=place.lon, radius_km=radius)
    elif kind == "region":
        query.where.append("v.region = :region")
        query.args["region"] = place.region
    else:
        query.where.append("v.country = :country")
        query.args["country"] = place.country


def build(
    params: SearchParams, *, published_after: datetime | None = None, published_before: datetime | None = None
) -> _Query:
    """The WHERE clauses (public rule first) and the relevance expression of a search."""
    query = _Query(where=[vacancy_visibility.public_sql()], args={})
    if params.q:
        query.args["q"] = params.q
        if len(params.q) >= TYPO_MIN_LENGTH:
            # Word similarity above the threshold set per query, on the unaccented title (trigram index of
            # migration 0007): "mecanicein" typed on a phone without accents still finds "Mécanicien".
            query.where.append(f"(v.search_vector @@ {TSQUERY} OR {UNACCENTED_TITLE} %> sankofa_unaccent(:q))")
            query.rank = (
                f"ts_rank_cd(v.search_vector, {TSQUERY}) + word_similarity(sankofa_unaccent(:q), {UNACCENTED_TITLE})"
            )
        else:
            query.where.append(f"v.search_vector @@ {TSQUERY}")
            query.rank = f"ts_rank_cd(v.search_vector, {TSQUERY})"
    if params.place:
        _place(query, params)
    simple = {
        "sector": params.sector,
        "occupation_uri": params.occupation,
        "contract_type": params.contract,
        "work_mode": params.work_mode,
    }
    for column, value in simple.items():
        if value:
            query.where.append(f"v.{column} = :{column}")
            query.args[column] = value
    if params.salary_min is not None:
        query.where.append("v.salary_currency = :currency AND coalesce(v.salary_max, v.salary_min) >= :salary_min")
        query.args.update(currency=params.currency, salary_min=params.salary_min)
    if params.since:
        query.where.append("v.published_at >= now() - make_interval(days => :since)")
        query.args["since"] = params.since
    if params.abroad:
        query.where.append("v.open_to_abroad")
    if published_after is not None:
        query.where.append("v.published_at > :published_after")
        query.args["published_after"] = published_after
    if published_before is not None:
        query.where.append("v.published_at <= :published_before")
        query.args["published_before"] = published_before
    return query


def _from_where(query: _Query) -> str:
    return "FROM vacancy v JOIN organisation o ON o.id = v.organisation_id WHERE " + " AND ".join(query.where)


def _order(query: _Query, sort: str) -> str:
    if sort == "relevance" and query.rank:
        return f"{query.rank} DESC, v.published_at DESC, v.id DESC"
    return "v.published_at DESC, v.id DESC"


async def matching_ids(
    session: AsyncSession,
    *,
    query: _Query,
    sort: str,
    limit: int,
    offset: int = 0,
    profile_id: int | None = None,
) -> list[int]:
    """Ids of one page of matches in the order asked."""
    if query.rank and "q" in query.args:
        await run_sql(
            session,
            text("SELECT set_config('pg_trgm.word_similarity_threshold', :t, true)"),
            {"t": str(TYPO_THRESHOLD)},
        )
    sql_from = _from_where(query)
    args = {**query.args, "limit": limit, "offset": offset}
    if sort == "fit" and profile_id is not None:
        inner = _order(query, "relevance" if query.rank else "date")
        score = vacancy_fit.FIT_SCORE_SQL.format(vacancy="pool.id")
        sql = (
            f"WITH pool AS (SELECT v.id, row_number() OVER (ORDER BY {inner}) AS position {sql_from} "
            f"ORDER BY {inner} LIMIT {FIT_POOL}) "
            f"SELECT pool.id FROM pool ORDER BY {score} DESC, pool.position LIMIT :limit OFFSET :offset"
        )
        args["profile_id"] = profile_id
    else:
        sql = f"SELECT v.id {sql_from} ORDER BY {_order(query, sort)} LIMIT :limit OFFSET :offset"
    return [row[0] for row in (await run_sql(session, text(sql), args)).all()]


async def count(session: AsyncSession, *, query: _Query) -> tuple[int, bool]:
    """Matches counted up to COUNT_CAP, and whether there are more."""
    sql = f"SELECT count(*) FROM (SELECT 1 {_from_where(query)} LIMIT {COUNT_CAP + 1}) AS matches"
    total = int((await run_sql(session, text(sql), query.args)).scalar_one())
    return min(total, COUNT_CAP), total > COUNT_CAP


async def load_hits(session: AsyncSession, *, ids: list[int], locale: str) -> list[JobHit]:
    """The vacancies behind `ids`, in that order, with their employer's name and place label."""
    if not ids:
        return []
    rows = await session.exec(
        select(Vacancy, Organisation.name)
        .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
        .where(col(Vacancy.id).in_(ids))
    )
    by_id = {vacancy.id: (vacancy, name) for vacancy, name in rows.all()}
    hits = []
    for vacancy_id in ids:
        if vacancy_id in by_id:
            vacancy, name = by_id[vacancy_id]
            place_id = _place_id(vacancy)
            label = vocabulary.place_label(place_id, locale=locale) if place_id else None
            hits.append(JobHit(vacancy=vacancy, employer=name, place_label=label))
    return hits


def _place_id(vacancy: Vacancy) -> str | None:
    if vacancy.city_id is not None:
        return f"city:{vacancy.city_id}"
    if vacancy.region:
        return f"region:{vacancy.region}"
    return f"country:{vacancy.country}" if vacancy.country else None


async def search(
    session: AsyncSession, *, params: SearchParams, user: User | None, locale: str, with_rates: bool = True
) -> SearchResult:
    """One page of public vacancies matching `params`, with fit for a returnee and employers' response rates."""
    profile_id = await vacancy_fit.profile_id_of(session, user=user)
    sort = params.effective_sort(can_fit=profile_id is not None)
    query = build(params)
    offset = (params.page - 1) * PER_PAGE
    ids = await matching_ids(session, query=query, sort=sort, limit=PER_PAGE, offset=offset, profile_id=profile_id)
    total, capped = await count(session, query=query)
    hits = await load_hits(session, ids=ids, locale=locale)
    fits = await vacancy_fit.fits_for(session, user=user, vacancies=[h.vacancy for h in hits])
    rates = (
        await applications.response_rates(session, organisation_ids=sorted({h.vacancy.organisation_id for h in hits}))
        if with_rates and hits
        else {}
    )
    hits = [
        JobHit(
            vacancy=h.vacancy,
            employer=h.employer,
            place_label=h.place_label,
            fit=fits.get(h.vacancy.id or 0),
            rate=rates.get(h.vacancy.organisation_id),
        )
        for h in hits
    ]
    listed = min(total, FIT_POOL if sort == "fit" else COUNT_CAP)  # pages beyond the fit pool would be empty
    pages = max(1, math.ceil(listed / PER_PAGE))
    return SearchResult(
        params=params, hits=hits, total=total, capped=capped, sort=sort, can_fit=profile_id is not None, pages=pages
    )
