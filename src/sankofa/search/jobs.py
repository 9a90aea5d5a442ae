"""Job search for returnees: French/English full text, trigram typo tolerance, filters, sorts, capped counts.

The SQL is written by hand: text-search configurations, trigram operators and the distance maths read more
plainly than their ORM spellings, and `EXPLAIN ANALYZE` shows exactly what runs (see benchmarks/bench_search.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import text
from sqlalchemy.orm import defer
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.applications import lifecycle as applications
from sankofa.core.db.engine import run_sql
from sankofa.identity.models import User
from sankofa.organisations.models import Organisation
from sankofa.reference import geo_sql, vocabulary
from sankofa.search import cache as search_cache
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
REGION = "r"
COUNTRY = "k"
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
    # What the web layer derives from a result shared by anonymous visitors (its rendered cards), kept with it.
    memo: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass
class _Query:
    """A search as SQL over the search document `s` (table vacancy_search) joined to its organisation `o`."""

    where: list[str]
    args: dict[str, Any]
    facets: list[str] = field(default_factory=list)  # every one must be among the document's facets
    any_facets: list[str] = field(default_factory=list)  # at least one must be (e.g. any of a returnee's regions)
    words: str | None = None

    def add_facet(self, kind: str, value: str) -> None:
        self.facets.append(facet(kind, value))


def facet(kind: str, value: str) -> str:
    """A facet as the search document stores it (migration 0013): "s:ict", "r:SN.07", "abroad"."""
    return f"{kind}:{value}" if kind else value


@dataclass(frozen=True)
class Found:
    """Ids of one page of matches in the order asked, and how many matched (counted up to COUNT_CAP)."""

    ids: list[int]
    total: int
    capped: bool


def _around(query: _Query, *, lat: float, lon: float, radius_km: float) -> None:
    """Within `radius_km` of (lat, lon): a bounding box first (cheap comparisons), then the haversine distance."""
    lat0, lat1, lon0, lon1 = geo_sql.bounding_box(lat, lon, radius_km)
    query.where.append("s.lat BETWEEN :lat0 AND :lat1 AND s.lon BETWEEN :lon0 AND :lon1")
    query.where.append(f"{geo_sql.haversine_sql(':lat', ':lon', 's.lat', 's.lon')} <= :radius")
    query.args.update(lat=lat, lon=lon, radius=float(radius_km), lat0=lat0, lat1=lat1, lon0=lon0, lon1=lon1)


def _place(query: _Query, params: SearchParams) -> None:
    place = vocabulary.place(params.place)
    kind = params.place.partition(":")[0]
    radius = params.radius_km or (DEFAULT_CITY_RADIUS_KM if kind == "city" else None)
    if radius and place.lat is not None and place.lon is not None:
        _around(query, lat=place.lat, lon=place.lon, radius_km=radius)
    elif kind == "region" and place.region:
        query.add_facet(REGION, place.region)
    elif place.country:
        query.add_facet(COUNTRY, place.country)


def build(
    params: SearchParams, *, published_after: datetime | None = None, published_before: datetime | None = None
) -> _Query:
    """The filters of a search (the public rule first); the words are matched when the query runs."""
    query = _Query(where=[vacancy_visibility.public_document_sql()], args={})
    if params.q:
        query.words = params.q
    if params.place:
        _place(query, params)
    for kind, value in (
        ("s", params.sector),
        ("o", params.occupation),
        ("c", params.contract),
        ("w", params.work_mode),
    ):
        if value:
            query.add_facet(kind, value)
    if params.abroad:
        query.add_facet("", "abroad")
    if params.salary_min is not None:
        query.where.append("s.salary_currency = :currency AND s.salary_top >= :salary_min")
        query.args.update(currency=params.currency, salary_min=params.salary_min)
    if params.since:
        query.where.append("s.published_at >= now() - make_interval(days => :since)")
        query.args["since"] = params.since
    if published_after is not None:
        query.where.append("s.published_at > :published_after")
        query.args["published_after"] = published_after
    if published_before is not None:
        query.where.append("s.published_at <= :published_before")
        query.args["published_before"] = published_before
    return query


def _matches(query: _Query, *, typos: bool) -> tuple[str, str, dict[str, Any]]:
    """The WHERE clause, the relevance expression and the arguments of a query.

    Words match the document's French and English stems (GIN on its tsvector); with `typos`, also titles within
    word similarity of the query (trigram GIN on the unaccented title). Relevance is read from the title's small
    tsvector, never the description's: the title says what the job is.
    """
    where = list(query.where)
    args = dict(query.args)
    if query.facets:
        where.append("s.facets @> CAST(:facets AS text[])")
        args["facets"] = query.facets
    if query.any_facets:
        where.append("s.facets && CAST(:any_facets AS text[])")
        args["any_facets"] = query.any_facets
    rank = "0"
    if query.words:
        args["q"] = query.words
        if typos:
            where.append(f"(s.search_vector @@ {TSQUERY} OR s.title_plain %> sankofa_unaccent(:q))")
            rank = f"ts_rank_cd(s.title_vector, {TSQUERY}) + word_similarity(sankofa_unaccent(:q), s.title_plain)"
        else:
            where.append(f"s.search_vector @@ {TSQUERY}")
            rank = f"ts_rank_cd(s.title_vector, {TSQUERY})"
    return " AND ".join(where), rank, args


def sql_of(query: _Query, *, sort: str, typos: bool = False, fit: bool = False) -> tuple[str, dict[str, Any]]:
    """One statement for a page and the count: the matches are read once.

    The matches, ordered and cut at COUNT_CAP + 1, are materialised (so the planner costs them as a whole, not
    for the first page: a LIMIT above a window or a count misleads PostgreSQL 15 into walking the date index
    through the table); the count and the page are read from them. The count row is there even when the page is
    past the end. `sort=fit` orders the best FIT_POOL matches by the returnee's skill overlap.
    """
    where, rank, args = _matches(query, typos=typos)
    by_relevance = bool(query.words) and sort in ("relevance", "fit")
    if not by_relevance:
        rank = "0"
    # Output names: ORDER BY reads the select list's `rank`, `published_at` and `id` (the document's vacancy_id).
    order = "rank DESC, published_at DESC, id DESC" if by_relevance else "published_at DESC, id DESC"
    matches = (
        f"WITH m AS MATERIALIZED (SELECT s.vacancy_id AS id, s.published_at, {rank} AS rank "
        f"FROM vacancy_search s JOIN organisation o ON o.id = s.organisation_id WHERE {where} "
        f"ORDER BY {order} LIMIT {COUNT_CAP + 1})"
    )
    if fit:
        score = vacancy_fit.FIT_SCORE_SQL.format(vacancy="pool.id")
        page = (
            f"SELECT pool.id FROM (SELECT id, row_number() OVER (ORDER BY {order}) AS position FROM m "
            f"ORDER BY {order} LIMIT {FIT_POOL}) AS pool ORDER BY {score} DESC, pool.position"
        )
    else:
        page = f"SELECT id FROM m ORDER BY {order}"
    sql = (
        f"{matches} SELECT c.total, p.id FROM (SELECT count(*) AS total FROM m) AS c "
        f"LEFT JOIN LATERAL ({page} LIMIT :limit OFFSET :offset) AS p ON true"
    )
    return sql, args


async def find(
    session: AsyncSession,
    *,
    query: _Query,
    sort: str,
    limit: int,
    offset: int = 0,
    profile_id: int | None = None,
) -> Found:
    """One page of matches in the order asked and their count, in one statement (two when the words are few)."""
    fit = sort == "fit" and profile_id is not None
    extra: dict[str, Any] = {"limit": limit, "offset": offset}
    if fit:
        extra["profile_id"] = profile_id
    found = await _run(session, query, sort=sort, fit=fit, extra=extra, typos=False)
    if query.words and len(query.words) >= TYPO_MIN_LENGTH and found.total < PER_PAGE:
        # Few titles hold the words: look for near spellings too ("sodeur", "mecanicein"). A word that matches a
        # page or more needs no typo branch, and skipping it spares a trigram scan of thousands of titles.
        # For the connection, not the transaction: the search's sessions run in autocommit (each statement its own
        # transaction), and every search sets the same value.
        await run_sql(
            session,
            text("SELECT set_config('pg_trgm.word_similarity_threshold', :t, false)"),
            {"t": str(TYPO_THRESHOLD)},
        )
        found = await _run(session, query, sort=sort, fit=fit, extra=extra, typos=True)
    return found


async def _run(
    session: AsyncSession, query: _Query, *, sort: str, fit: bool, extra: dict[str, Any], typos: bool
) -> Found:
    sql, args = sql_of(query, sort=sort, typos=typos, fit=fit)
    rows: list[tuple[int, int | None]] = [tuple(row) for row in (await run_sql(session, text(sql), {**args, **extra}))]
    total = int(rows[0][0]) if rows else 0
    ids = [vacancy_id for _total, vacancy_id in rows if vacancy_id is not None]
    return Found(ids=ids, total=min(total, COUNT_CAP), capped=total > COUNT_CAP)


async def load_hits(session: AsyncSession, *, ids: list[int], locale: str) -> list[JobHit]:
    """The vacancies behind `ids`, in that order, with their employer's name and place label."""
    if not ids:
        return []
    rows = await session.exec(
        select(Vacancy, Organisation.name)
        .join(Organisation, col(Organisation.id) == Vacancy.organisation_id)
        .where(col(Vacancy.id).in_(ids))
        # A card shows neither the description nor its tsvector (kilobytes per row to read and parse).
        .options(
            defer(Vacancy.description, raiseload=True),  # type: ignore[arg-type]
            defer(Vacancy.search_vector, raiseload=True),  # type: ignore[arg-type]
        )
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
    """One page of public vacancies matching `params`, with fit for a returnee and employers' response rates.

    Anyone not signed in sees the same page for the same search: it is answered from this process' cache while no
    vacancy or employer changed (`sankofa.search.cache`). A signed-in visitor gets the same page unless they sort
    by their fit: the shared result, with the fit of each job to their own profile computed on top (one query).
    """
    if user is None:
        return await _shared(session, params=params, locale=locale, with_rates=with_rates)
    profile_id = await vacancy_fit.profile_id_of(session, user=user)
    if params.effective_sort(can_fit=profile_id is not None) == "fit":
        return await _search(
            session, params=params, user=user, profile_id=profile_id, locale=locale, with_rates=with_rates
        )
    shared = await _shared(session, params=params, locale=locale, with_rates=with_rates)
    if profile_id is None:
        return shared
    fits = await vacancy_fit.fits_for(
        session, user=user, vacancies=[h.vacancy for h in shared.hits], profile_id=profile_id
    )
    hits = [replace(hit, fit=fits.get(hit.vacancy.id or 0)) for hit in shared.hits]
    return replace(shared, hits=hits, can_fit=True, memo={})


async def _shared(session: AsyncSession, *, params: SearchParams, locale: str, with_rates: bool) -> SearchResult:
    """The page everyone gets for `params` (no fit), from the cache when it holds it."""
    cache = search_cache.shared()
    key = (params, locale, with_rates, datetime.now(UTC).date())  # deadlines pass at midnight
    cached = cache.get(key)
    if cached is not None:
        return cast("SearchResult", cached)
    generation = cache.generation()
    result = await _search(session, params=params, user=None, profile_id=None, locale=locale, with_rates=with_rates)
    cache.put(key, result, generation=generation)
    return result


async def _search(
    session: AsyncSession,
    *,
    params: SearchParams,
    user: User | None,
    profile_id: int | None,
    locale: str,
    with_rates: bool,
) -> SearchResult:
    """One page from the database; `profile_id` is `user`'s profile, looked up once by the caller."""
    sort = params.effective_sort(can_fit=profile_id is not None)
    query = build(params)
    offset = (params.page - 1) * PER_PAGE
    found = await find(session, query=query, sort=sort, limit=PER_PAGE, offset=offset, profile_id=profile_id)
    ids, total, capped = found.ids, found.total, found.capped
    hits = await load_hits(session, ids=ids, locale=locale)
    fits = (
        await vacancy_fit.fits_for(session, user=user, vacancies=[h.vacancy for h in hits], profile_id=profile_id)
        if profile_id is not None
        else {}
    )
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
