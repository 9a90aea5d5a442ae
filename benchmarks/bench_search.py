"""Job search latency through HTTP at 200,000 published vacancies (GET /api/v1/jobs).

Creates a scratch database (on 127.0.0.1:5432 when reachable, else the embedded server under var/bench), loads
the reference data, inserts the vacancies with `INSERT ... SELECT` (titles and descriptions from ESCO occupations
in French and English, their skills, places from the shipped cities, salaries and dates), serves the real app
with uvicorn and times a mix of searches one at a time: words, typos, filters, distance, sorts (fit as a signed-in
returnee), later pages. The baseline measured in the same run is `/health/live` through the same HTTP path.
The app runs with the anonymous search cache off (SANKOFA_SEARCH_CACHE_ENTRIES=0), so every search reaches the
database: these are the cold figures; `--cache` serves with the cache on, as production does.

    .venv/bin/python benchmarks/bench_search.py [--vacancies 200000] [--queries 300] [--explain] [--keep] [--cache]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import re
import socket
import statistics
import threading
import time
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
import uvicorn

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench password 1234"
COUNTRIES = ("SN", "ML", "GN", "CI", "BF", "MA", "TN", "DZ", "NG", "GH", "MR", "GM")
WORDS = [
    "soudeur", "mécanicien", "comptable", "cuisinier", "électricien", "infirmier", "chauffeur", "maçon",
    "vendeur", "développeur web", "agriculteur", "couturier", "plombier", "menuisier", "boulanger",
    "welder", "accountant", "nurse", "driver", "cook", "software developer", "electrician", "teacher",
]  # fmt: skip
TYPOS = ["sodeur", "mecanicein", "comptabel", "electricein", "chaufeur", "plonbier", "acountant", "nurce"]
SECTORS = ("construction", "manufacturing", "trade", "transport", "hospitality", "ict", "health", "agriculture")
CONTRACTS = ("permanent", "fixed_term", "seasonal", "apprenticeship", "internship", "freelance", "part_time")
REGIONS = ("SN.01", "SN.07", "MA.07", "SN.10", "ML.08")
CITIES = ("city:2244802", "city:2253354", "city:2460596", "city:2542997", "city:2293538")  # Thiès Dakar Bamako …


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    at = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return statistics.median(ordered), at(0.95), at(0.99)


def _server() -> tuple[str, Any]:
    """A maintenance-database URL of a PostgreSQL server, and the embedded server to stop (or None)."""
    with socket.socket() as sock:
        sock.settimeout(0.5)
        if sock.connect_ex(("127.0.0.1", 5432)) == 0:
            return "postgresql://postgres@127.0.0.1:5432/postgres", None
    from sankofa.core.db import embedded

    server, url = embedded.start(ROOT / "var" / "bench")
    return url.replace("/sankofa?", "/postgres?"), server


GENERATE = """
WITH occ AS (
    SELECT row_number() OVER (ORDER BY uri) - 1 AS n, uri, label_fr, label_en, description_fr, description_en
    FROM esco_occupation),
places AS (
    SELECT row_number() OVER (ORDER BY c.population DESC, c.geonameid) - 1 AS n, c.geonameid, c.country_code,
           c.region_code, c.lat, c.lon
    FROM city c JOIN region r ON r.code = c.region_code WHERE c.country_code = ANY(%(countries)s::text[])),
sizes AS (SELECT (SELECT count(*) FROM occ) AS occ, (SELECT count(*) FROM places) AS places)
INSERT INTO vacancy (public_id, organisation_id, title, occupation_uri, description, sector, languages, country,
    region, city_id, lat, lon, work_mode, contract_type, salary_min, salary_max, salary_currency, salary_period,
    positions, open_to_abroad, status, published_at, created_at, updated_at)
SELECT gen_random_uuid(), (%(orgs)s::int[])[1 + i %% cardinality(%(orgs)s::int[])],
    left(CASE WHEN i %% 3 = 0 THEN o.label_en ELSE o.label_fr END, 200), o.uri,
    CASE WHEN i %% 3 = 0 THEN o.description_en ELSE o.description_fr END,
    (%(sectors)s::text[])[1 + (i / 7) %% cardinality(%(sectors)s::text[])], '{fr}',
    p.country_code, p.region_code, p.geonameid, p.lat, p.lon,
    (ARRAY['on_site', 'on_site', 'hybrid', 'remote'])[1 + (i / 3) %% 4],
    (%(contracts)s::text[])[1 + (i / 11) %% cardinality(%(contracts)s::text[])],
    CASE WHEN i %% 5 = 0 THEN NULL ELSE 50000 + (i::bigint * 7919) %% 40 * 10000 END,
    CASE WHEN i %% 5 = 0 THEN NULL ELSE 100000 + (i::bigint * 7919) %% 40 * 15000 END,
    CASE WHEN i %% 5 = 0 THEN NULL WHEN p.country_code IN ('MA') THEN 'MAD' ELSE 'XOF' END, 'month', 1,
    i %% 4 = 0, 'published', now() - make_interval(mins => ((i::bigint * 104729) %% (90 * 24 * 60))::int), now(), now()
FROM generate_series(1, %(count)s) AS i CROSS JOIN sizes
JOIN occ o ON o.n = (i::bigint * 2654435761) %% sizes.occ
JOIN places p ON p.n = (i::bigint * 40503) %% LEAST(sizes.places, 3000)
"""
SKILLS = """
INSERT INTO vacancy_skill (vacancy_id, skill_uri, required)
SELECT v.id, s.skill_uri, s.relation = 'essential' FROM vacancy v
CROSS JOIN LATERAL (SELECT skill_uri, relation FROM esco_occupation_skill e
    WHERE e.occupation_uri = v.occupation_uri ORDER BY relation, skill_uri LIMIT 6) s
"""


def load(url: str, *, count: int) -> None:
    """Organisations, a returnee with a profile, and `count` published vacancies with their skills."""
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        orgs = [
            conn.execute(
                "INSERT INTO organisation (kind, name, status, created_at) VALUES ('employer', %s, %s, now()) "
                "RETURNING id",
                (f"Employeur {n}", "verified" if n < 8 else "suspended"),
            ).fetchone()[0]  # type: ignore[index]
            for n in range(10)
        ]
        conn.execute(
            GENERATE,
            {"orgs": orgs, "sectors": list(SECTORS), "contracts": list(CONTRACTS), "count": count,
             "countries": list(COUNTRIES)},
        )  # fmt: skip
        inserted = time.perf_counter()
        conn.execute(SKILLS)
        skills = [row[0] for row in conn.execute("SELECT DISTINCT skill_uri FROM vacancy_skill LIMIT 40")]
        asyncio.run(_returnee(url, skills))
        conn.execute("VACUUM ANALYZE")  # as autovacuum leaves a loaded table: visibility map set, statistics fresh
    print(
        f"loaded {count:,} vacancies in {inserted - started:.1f} s, their skills in "
        f"{time.perf_counter() - inserted:.1f} s (then VACUUM ANALYZE)"
    )


async def _returnee(url: str, skills: list[str]) -> None:
    """A returnee (bench@example.org) whose profile has `skills`: sort=fit has something to rank."""
    from sankofa.core.db.engine import make_engine, make_session_factory
    from sankofa.core.security import hash_password
    from sankofa.identity.models import User
    from sankofa.profiles.models import ProfileSkill, ReturneeProfile

    engine = make_engine(url, pool_size=1)
    async with make_session_factory(engine)() as db:
        user = User(email="bench@example.org", display_name="Bench", role="returnee", locale="fr",
                    password_hash=hash_password(PASSWORD), email_verified_at=datetime.now(UTC))  # fmt: skip
        db.add(user)
        await db.flush()
        assert user.id is not None
        profile = ReturneeProfile(user_id=user.id, summary="Soudeur")
        db.add(profile)
        await db.flush()
        assert profile.id is not None
        db.add_all([ProfileSkill(profile_id=profile.id, skill_uri=uri) for uri in skills])
        await db.commit()
    await engine.dispose()


def queries(rng: random.Random, n: int) -> list[tuple[str, dict[str, str]]]:
    """(label, params) pairs: a realistic mix of what returnees type and tick."""
    mix: list[tuple[str, dict[str, str]]] = []
    for i in range(n):
        kind = i % 10
        if kind in (0, 1):
            mix.append(("words", {"q": rng.choice(WORDS)}))
        elif kind == 2:
            mix.append(("typo", {"q": rng.choice(TYPOS)}))
        elif kind == 3:
            mix.append(("words+region", {"q": rng.choice(WORDS), "place": f"region:{rng.choice(REGIONS)}"}))
        elif kind == 4:
            mix.append(("city+radius", {"place": rng.choice(CITIES), "radius_km": rng.choice(["25", "50", "100"])}))
        elif kind == 5:
            mix.append(("filters", {"sector": rng.choice(SECTORS), "contract": rng.choice(CONTRACTS), "abroad": "1"}))
        elif kind == 6:
            mix.append(("salary+since", {"salary_min": "300000", "currency": "XOF", "since": rng.choice(["1", "7"])}))
        elif kind == 7:
            mix.append(("newest page n", {"page": str(rng.randint(1, 50))}))
        elif kind == 8:
            mix.append(("words+remote+date", {"q": rng.choice(WORDS), "work_mode": "remote", "sort": "date"}))
        else:
            mix.append(("fit (returnee)", {"q": rng.choice(WORDS[:8]), "sort": "fit"}))
    return mix


def explain(url: str) -> None:
    """EXPLAIN ANALYZE of the statement job_search runs for a few searches (words, the typo branch, filters only,
    a facet combination, distance, a later page, sort=fit), so each plan can be read next to its figure."""
    from sankofa.search import jobs as job_search
    from sankofa.search import params as job_search_params

    cases: list[tuple[dict[str, str], bool]] = [
        ({"q": "soudeur"}, False),
        ({"q": "mecanicein"}, True),
        ({}, False),
        ({"sector": "ict", "contract": "seasonal", "abroad": "1"}, False),
        ({"q": "comptable", "place": "region:SN.07"}, False),
        ({"place": "city:2244802", "radius_km": "50"}, False),
        ({"salary_min": "300000", "currency": "XOF", "since": "7"}, False),
        ({"page": "40"}, False),
        ({"q": "soudeur", "sort": "fit"}, False),
    ]
    with psycopg.connect(url) as conn:
        profile = conn.execute("SELECT min(id) FROM returnee_profile").fetchone()[0]  # type: ignore[index]
        conn.execute(
            "SELECT set_config(%s, %s, false)", ("pg_trgm.word_similarity_threshold", str(job_search.TYPO_THRESHOLD))
        )
        for raw, typos in cases:
            params, _ = job_search_params.parse(raw, locale="fr")
            query = job_search.build(params)
            sort = params.effective_sort(can_fit=params.sort == "fit")
            fit = sort == "fit"
            sql, args = job_search.sql_of(query, sort=sort, typos=typos, fit=fit)
            offset = (params.page - 1) * job_search_params.PER_PAGE
            args = {**args, "limit": job_search_params.PER_PAGE, "offset": offset, "profile_id": profile}
            sql = re.sub(r"(?<!:):(\w+)", r"%(\1)s", sql.replace("%", "%%"))
            plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, args).fetchall()  # type: ignore[arg-type]
            branch = " (typo branch: the words matched fewer than a page)" if typos else ""
            print(f"\n-- EXPLAIN ANALYZE {raw or '(no filter)'}{branch}")
            print("\n".join(row[0] for row in plan))


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("--vacancies", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--cache", action="store_true", help="serve with the anonymous search cache on")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of a few searches")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    server_url, server = _server()
    name = f"bench_search_{uuid.uuid4().hex[:8]}"
    from sankofa.core.db import migrate
    from sankofa.core.settings import get_settings
    from sankofa.reference import loading as reference_data
    from tests.conftest import url_for_database
    from web.app import create_app

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = url_for_database(server_url, name)
    uv = None
    try:
        migrate.upgrade(url)
        reference_data.load_all(url)
        load(url, count=args.vacancies)
        if args.explain:
            explain(url)
        app = create_app(
            replace(
                get_settings(),
                base_url="http://127.0.0.1",
                search_cache_entries=get_settings().search_cache_entries if args.cache else 0,
            ),
            database_url=url,
        )
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=uv.run, daemon=True).start()
        while not uv.started:
            time.sleep(0.05)
        print(f"\nanonymous search cache: {'on' if args.cache else 'off (every search reaches the database)'}")
        run(f"http://127.0.0.1:{port}", count=args.queries)
    finally:
        if uv is not None:
            uv.should_exit = True
            time.sleep(0.5)
        if not args.keep:
            with psycopg.connect(server_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            print(f"kept database {name}")
        if server is not None:
            from sankofa.core.db import embedded

            embedded.stop(server)


def run(base: str, *, count: int) -> None:
    from sankofa.search import params as job_search_params

    rng = random.Random(11)
    with httpx.Client(base_url=base, timeout=60) as anonymous, httpx.Client(base_url=base, timeout=60) as returnee:
        login_page = returnee.get("/login").text
        token = login_page.split('name="_csrf" value="')[1].split('"')[0]
        response = returnee.post("/login", data={"email": "bench@example.org", "password": PASSWORD, "_csrf": token})
        assert response.status_code == 303, response.text[:300]
        # Warm-up: the text engine loads in the background; each pooled connection loads the dictionaries once.
        for warm in (
            {"q": "warm"},
            {"place": "city:2244802"},
            {"occupation_text": "soudeur"},
            *[{"q": w} for w in WORDS],
        ):
            anonymous.get("/api/v1/jobs", params=warm)
            returnee.get("/api/v1/jobs", params={**warm, "sort": "fit"})
        floor: list[float] = []
        for _ in range(count):
            started = time.perf_counter()
            anonymous.get("/health/live")
            floor.append((time.perf_counter() - started) * 1000)
        f50, f95, f99 = _percentiles(floor)
        print(f"\nbaseline /health/live         p50 {f50:7.2f} ms   p95 {f95:7.2f} ms   p99 {f99:7.2f} ms")
        samples: list[float] = []
        by_kind: dict[str, list[float]] = {}
        totals: list[int] = []
        for label, params in queries(rng, count):
            client = returnee if "fit" in label else anonymous
            started = time.perf_counter()
            response = client.get("/api/v1/jobs", params=params)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (params, response.text[:300])
            totals.append(response.json()["total"])
            samples.append(elapsed)
            by_kind.setdefault(label, []).append(elapsed)
        p50, p95, p99 = _percentiles(samples)
        print(
            f"/api/v1/jobs (all {count})       p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   p99 {p99:7.2f} ms   "
            f"(p50 = {p50 / f50:.1f} x baseline, p95 = {p95 / f95:.1f} x baseline)"
        )
        for label, values in by_kind.items():
            k50, k95, k99 = _percentiles(values)
            print(f"  {label:<22} n={len(values):<4} p50 {k50:7.2f} ms   p95 {k95:7.2f} ms   p99 {k99:7.2f} ms")
        cap = job_search_params.COUNT_CAP
        print(f"median matches per search: {statistics.median(totals):,.0f} (counts capped at {cap:,})")


if __name__ == "__main__":
    main()
